package io.mianshen.local.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.EventContract;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class DemoFeedTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final List<FeedRecord> feed = DemoFeed.records();
    private final EventContract contract = EventContract.load();

    @Test
    void everyValidEventMeetsTheContractAndEveryInvalidOneBreaksIt() {
        for (FeedRecord record : feed) {
            if (record.valid()) {
                assertThat(contract.validateEvent(JSON.readTree(record.value()), record.topic(), record.key()))
                        .as(record.label())
                        .isEmpty();
            } else {
                boolean broken;
                try {
                    broken = !contract.validateEvent(JSON.readTree(record.value()), record.topic(), record.key())
                            .isEmpty();
                } catch (RuntimeException notJson) {
                    broken = true;
                }
                assertThat(broken).as(record.label()).isTrue();
            }
        }
        assertThat(feed.stream().filter(record -> !record.valid())).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void coversTwoHundredEnterprisesOverThreeFiscalYearsWithTheEventsThatChangeDecisions() {
        List<JsonNode> events = feed.stream()
                .filter(FeedRecord::valid)
                .map(record -> JSON.readTree(record.value()))
                .toList();
        assertThat(events.stream().map(e -> e.get("subject").asString()).distinct())
                .hasSize(DemoFeed.ENTERPRISES);
        Set<Integer> fiscalYears = events.stream()
                .filter(e -> e.get("type").asString().equals("gov.tax.annual-filing.v1"))
                .map(e -> e.get("data").get("fiscalYear").asInt())
                .collect(Collectors.toSet());
        assertThat(fiscalYears).contains(2022, 2023, 2024);
        assertThat(events)
                .anySatisfy(e -> assertThat(e.get("data").path("amendsFilingId").isString())
                        .isTrue());
        assertThat(events)
                .extracting(e -> e.get("type").asString())
                .contains(
                        "gov.sci.certification.revoked.v1",
                        "gov.enterprise.credit-listed.v1",
                        "gov.enterprise.deregistered.v1",
                        "gov.enterprise.changed.v1",
                        "gov.tax.credit-rating.v1");
        assertThat(events)
                .anySatisfy(e -> assertThat(
                                e.get("data").path("contact").path("webhookUrl").asString())
                        .startsWith("http://localhost:8089/hooks/"));
    }

    @Test
    void isTheSameFeedEveryTimeSoAReplayChangesNothing() {
        List<FeedRecord> again = DemoFeed.records();
        assertThat(again).hasSameSizeAs(feed);
        for (int i = 0; i < feed.size(); i++) {
            assertThat(again.get(i).value()).isEqualTo(feed.get(i).value());
        }
    }

    @Test
    void phasesFollowTheCalendarSoAGrantComesBeforeWhatChangesIt() {
        List<DemoFeed.Phase> phases = DemoFeed.phases();
        assertThat(phases)
                .extracting(DemoFeed.Phase::label)
                .startsWith("before 2022", "2022 H1")
                .contains("2024 H2", "2025 H1");
        int amendmentPhase = indexOfFirst(phases, "\"amendsFilingId\":\"T2024-");
        int originalPhase = indexOfFirst(phases, "\"filingId\":\"T2024-");
        assertThat(amendmentPhase).isGreaterThan(originalPhase);
    }

    private static int indexOfFirst(List<DemoFeed.Phase> phases, String text) {
        for (int i = 0; i < phases.size(); i++) {
            if (phases.get(i).records().stream()
                    .anyMatch(r -> new String(r.value(), java.nio.charset.StandardCharsets.UTF_8).contains(text))) {
                return i;
            }
        }
        return -1;
    }
}
