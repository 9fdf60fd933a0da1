package io.mianshen.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class EventContractTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();

    /** The types events.md defines, by topic. */
    private static final Map<String, List<String>> EVENTS_MD = Map.of(
            "enterprise.registry.v1",
                    List.of(
                            "gov.enterprise.registered.v1",
                            "gov.enterprise.changed.v1",
                            "gov.enterprise.deregistered.v1",
                            "gov.enterprise.credit-listed.v1"),
            "tax.filings.v1", List.of("gov.tax.annual-filing.v1", "gov.tax.credit-rating.v1"),
            "sci.certifications.v1", List.of("gov.sci.certification.granted.v1", "gov.sci.certification.revoked.v1"),
            // events.md's three decision types, then the two this project added (a new versioned type, as events.md
            // allows)
            "benefit.decisions.v1",
                    List.of(
                            "gov.benefit.granted.v1",
                            "gov.benefit.adjusted.v1",
                            "gov.benefit.revoked.v1",
                            "gov.benefit.queued.v1",
                            "gov.benefit.queue-left.v1"),
            "notices.v1", List.of("gov.notice.delivered.v1", "gov.notice.failed.v1", "gov.notice.objection-raised.v1"),
            // publicity (公示) and review, added by this project for issue 19
            "benefit.publicity.v1",
                    List.of(
                            "gov.publicity.opened.v1",
                            "gov.publicity.objection-received.v1",
                            "gov.publicity.ruled.v1",
                            "gov.publicity.final.v1"));

    static Stream<String> types() {
        return CONTRACT.types().stream();
    }

    static Stream<ContractExamples.InvalidExample> invalidExamples() {
        return ContractExamples.invalid().stream();
    }

    @Test
    void catalogueHasEveryTopicAndTypeOfEventsMd() {
        assertThat(CONTRACT.types()).hasSize(20);
        EVENTS_MD.forEach((topic, types) -> assertThat(CONTRACT.topic(topic))
                .hasValueSatisfying(t -> assertThat(t.types()).containsExactlyElementsOf(types)));
        assertThat(CONTRACT.topic("tax.filings.v1").orElseThrow().deadLetterTopic())
                .isEqualTo("tax.filings.v1.dlt");
    }

    @Test
    void schemaFolderHoldsExactlyTheCataloguedTypes() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/contracts/schemas"))) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".schema.json", "")))
                    .containsExactlyInAnyOrderElementsOf(CONTRACT.types());
        }
        try (Stream<Path> files = Files.list(Path.of("src/main/resources/contracts/examples/valid"))) {
            assertThat(files.map(f -> f.getFileName().toString().replace(".json", "")))
                    .containsExactlyInAnyOrderElementsOf(CONTRACT.types());
        }
    }

    @ParameterizedTest
    @MethodSource("types")
    void validExampleOfEachTypePassesOnItsTopic(String type) {
        JsonNode example = ContractExamples.valid(type);
        String topic = CONTRACT.topicOf(type).orElseThrow().name();

        assertThat(example.get("type").asString()).isEqualTo(type);
        assertThat(CONTRACT.validateEvent(example, topic, example.get("subject").asString()))
                .isEmpty();
        assertThat(CONTRACT.validateData(type, example.get("data"))).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("invalidExamples")
    void invalidExampleIsRejectedNamingTheFieldAndTheRule(ContractExamples.InvalidExample example) {
        List<Violation> violations = violationsOf(example.raw(), example.topic());

        assertThat(violations).as(example.description()).anySatisfy(v -> {
            assertThat(v.pointer()).isEqualTo(example.pointer());
            assertThat(v.rule()).isEqualTo(example.rule());
            assertThat(v.message()).contains(example.field());
        });
    }

    @Test
    void invalidExamplesCoverEveryClassOfBadInput() {
        assertThat(ContractExamples.invalid())
                .extracting(ContractExamples.InvalidExample::file)
                .contains(
                        "uscc-wrong-check-character.json",
                        "uscc-forbidden-letter.json",
                        "money-as-json-number.json",
                        "money-with-three-decimals.json",
                        "missing-required-field.json",
                        "unknown-enum-value.json",
                        "unknown-type.json",
                        "wrong-date-format.json");
    }

    @Test
    void moneyWrittenAsANumberIsQuotedAsWrittenInTheReason() {
        String raw = ContractExamples.valid("gov.tax.annual-filing.v1")
                .toString()
                .replaceFirst("\"rdExpense\"\\s*:\\s*\"[0-9.]+\"", "\"rdExpense\": 52000000.05");
        ObjectNode event =
                CloudEventForms.toStructured(java.util.Map.of(), raw.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(CONTRACT.validateEvent(
                        event, "tax.filings.v1", event.get("subject").asString()))
                .singleElement()
                .satisfies(v -> assertThat(v.describe()).contains("52000000.05").doesNotContain("E7"));
    }

    @Test
    void reportsEveryViolationNotOnlyTheFirst() {
        ObjectNode event = (ObjectNode) ContractExamples.valid("gov.tax.annual-filing.v1");
        ObjectNode data = (ObjectNode) event.get("data");
        data.put("rdExpense", 12.5);
        data.put("revenue", "1.005");
        data.remove("filedOn");

        assertThat(CONTRACT.validateEvent(
                        event, "tax.filings.v1", event.get("subject").asString()))
                .extracting(Violation::pointer, Violation::rule)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("/data/filedOn", "required"),
                        org.assertj.core.groups.Tuple.tuple("/data/rdExpense", "type"),
                        org.assertj.core.groups.Tuple.tuple("/data/revenue", "money"));
    }

    @Test
    void explainsThatMoneyIsAStringWhenSentAsANumber() {
        JsonNode data = JSON.readTree("""
                {"uscc": "91370100MA3C0QXJ4F", "year": 2023, "rating": "A"}""");
        assertThat(CONTRACT.validateData("gov.tax.credit-rating.v1", data)).isEmpty();

        ObjectNode filing =
                (ObjectNode) ContractExamples.valid("gov.tax.annual-filing.v1").get("data");
        filing.put("taxableIncome", -5);
        assertThat(CONTRACT.validateData("gov.tax.annual-filing.v1", filing))
                .singleElement()
                .satisfies(v -> assertThat(v.message()).contains("never a number"));
    }

    @Test
    void acceptsALossAsNegativeTaxableIncomeButNotANegativeRdExpense() {
        ObjectNode filing =
                (ObjectNode) ContractExamples.valid("gov.tax.annual-filing.v1").get("data");
        filing.put("taxableIncome", "-120000.00");
        assertThat(CONTRACT.validateData("gov.tax.annual-filing.v1", filing)).isEmpty();

        filing.put("rdExpense", "-1.00");
        assertThat(CONTRACT.validateData("gov.tax.annual-filing.v1", filing))
                .extracting(Violation::pointer)
                .containsExactly("/rdExpense");
    }

    @Test
    void rejectsARecordKeyThatIsNotTheSubject() {
        JsonNode event = ContractExamples.valid("gov.tax.credit-rating.v1");
        assertThat(CONTRACT.validateEvent(event, "tax.filings.v1", "91440300708461136T"))
                .extracting(Violation::rule)
                .containsExactly("key-matches-subject");
        assertThat(CONTRACT.validateEvent(event, "tax.filings.v1", null)).isEmpty();
    }

    @Test
    void readsBinaryModeFromCeHeaders() {
        JsonNode example = ContractExamples.valid("gov.sci.certification.granted.v1");
        Map<String, byte[]> headers = new java.util.HashMap<>();
        for (String attribute : List.of("specversion", "id", "source", "type", "subject", "time")) {
            headers.put("ce_" + attribute, example.get(attribute).asString().getBytes(StandardCharsets.UTF_8));
        }
        headers.put("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
        byte[] data = JSON.writeValueAsBytes(example.get("data"));

        ObjectNode event = CloudEventForms.toStructured(headers, data);

        assertThat(event).isEqualTo(example);
        assertThat(CONTRACT.validateEvent(event, "sci.certifications.v1", "91370100MA3C0QXJ4F"))
                .isEmpty();
    }

    @Test
    void rejectsBinaryModeDataThatIsNotJson() {
        Map<String, byte[]> headers = Map.of("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> CloudEventForms.toStructured(headers, "revenue=1".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.violations()).singleElement().satisfies(v -> {
                            assertThat(v.pointer()).isEqualTo("/data");
                            assertThat(v.rule()).isEqualTo("json");
                        }));
    }

    static List<Violation> violationsOf(byte[] raw, String topic) {
        try {
            JsonNode event = CloudEventForms.toStructured(
                    Map.of("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)),
                    raw);
            return CONTRACT.validateEvent(event, topic, event.path("subject").asString(null));
        } catch (InvalidEventException e) {
            return e.violations();
        }
    }
}
