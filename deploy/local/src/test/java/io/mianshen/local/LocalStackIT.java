package io.mianshen.local;

import io.mianshen.contracts.ContractExamples;

import io.mianshen.local.demo.DemoFeed;
import io.mianshen.local.demo.FeedRecord;
import io.mianshen.local.demo.StackSummary;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one command with {@code --demo}, as a newcomer runs it: every process starts, the demo feed is replayed, every
 * pack policy has a decision with a notice (read through the gateway as an auditor and as the enterprise), every
 * invalid event is in its dead-letter topic with a reason, and stopping leaves no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String KAFKA = "localhost:" + StackPorts.KAFKA;
    private static RunningStack stack;
    private final StackClient gateway = StackClient.gateway();

    @BeforeAll
    static void startWithTheDemo() throws Exception {
        stack = RunningStack.start("it-demo", "--demo");
        stack.awaitOutput(LocalStack.DEMO_DONE, Duration.ofMinutes(10));
    }

    @AfterAll
    static void stopIfStillRunning() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void everyPackPolicyIsDecidedAndEveryDecisionKindAppears() throws Exception {
        for (String policy : packPolicies()) {
            HttpResponse<String> found = gateway.get("/api/audit/decisions?policyId=" + policy + "&type=gov.benefit.granted.v1&limit=5",
                    StackClient.TOKENS.auditor());
            assertThat(found.statusCode()).isEqualTo(200);
            JsonNode decisions = StackClient.json(found).get("decisions");
            assertThat(decisions.size()).as(policy + " granted somewhere").isPositive();
            assertThat(decisions.get(0).get("amount").asString()).as(policy + " amount").matches("\\d+\\.\\d{2}");
        }
        // amended filings adjust and revoked certificates revoke
        assertThat(StackClient.json(gateway.get("/api/audit/decisions?type=gov.benefit.adjusted.v1&limit=1", StackClient.TOKENS.auditor()))
                .get("decisions").size()).isEqualTo(1);
        assertThat(StackClient.json(gateway.get("/api/audit/decisions?policyId=sme-to-hnte-reward&type=gov.benefit.revoked.v1&limit=1",
                StackClient.TOKENS.auditor())).get("decisions").get(0).get("recoverAmount").asString()).isEqualTo("100000.00");
        long invalid = DemoFeed.records().stream().filter(record -> !record.valid()).count();
        assertThat(invalid).as("the contract's invalid examples are in the demo").isEqualTo(ContractExamples.invalid().size());
        assertThat(stack.output()).contains("Decision events", "Notices delivered by channel: EMAIL", "Dead letters: " + invalid + " invalid events");
    }

    @Test
    @Order(2)
    void everyPackPolicyHasANoticeInTheEnterprisesInbox() throws Exception {
        for (String policy : packPolicies()) {
            JsonNode decision = StackClient.json(gateway.get("/api/audit/decisions?policyId=" + policy + "&limit=1", StackClient.TOKENS.auditor()))
                    .get("decisions").get(0);
            String uscc = decision.get("uscc").asString();
            JsonNode history = StackClient.json(gateway.get("/api/audit/decisions/" + decision.get("decisionId").asString(), StackClient.TOKENS.auditor()));
            assertThat(history.get("notices").findValuesAsString("channel")).as(policy + " notices in the ledger").contains("INBOX");

            HttpResponse<String> inbox = gateway.get("/api/notices?size=100", StackClient.TOKENS.enterprise(uscc));
            assertThat(inbox.statusCode()).isEqualTo(200);
            assertThat(StackClient.json(inbox).get("notices").findValuesAsString("decisionId")).as(policy + " notice in the inbox")
                    .contains(decision.get("decisionId").asString());
        }
    }

    @Test
    @Order(3)
    void everyInvalidEventIsInItsDeadLetterTopicWithItsReason() {
        List<FeedRecord> invalid = DemoFeed.records().stream().filter(record -> !record.valid()).toList();
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(10);
        for (FeedRecord record : invalid) {
            List<ConsumerRecord<String, byte[]>> dead = StackSummary.records(KAFKA, record.topic() + ".dlt");
            assertThat(dead).as(record.label()).anySatisfy(letter -> {
                assertThat(letter.value()).isEqualTo(record.value());
                assertThat(new String(letter.headers().lastHeader("mianshen-dlt-reason").value(), StandardCharsets.UTF_8)).isNotBlank();
            });
        }
    }

    @Test
    @Order(4)
    void stoppingLeavesNoProcessAndNoPortBehind() throws Exception {
        List<ProcessHandle> started = stack.descendants();
        assertThat(started).as("the broker, four services and the gateway").hasSizeGreaterThanOrEqualTo(6);

        stack.stop();

        assertThat(started).noneMatch(ProcessHandle::isAlive);
        // PostgreSQL detaches from the launcher (pg_ctl), so look for anything still using the stack's data folder
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains("it-demo"))).isEmpty();
        assertThat(StackPorts.all().keySet()).allMatch(StackPorts::isFree);
        assertThat(stack.output()).contains("stopped; nothing of the stack is running.");
    }

    private static List<String> packPolicies() throws Exception {
        try (var index = Objects.requireNonNull(LocalStackIT.class.getResourceAsStream("/policies/index.txt"));
             var reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            List<String> ids = reader.lines().map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(file -> file.substring(0, file.indexOf(".v"))).toList();
            assertThat(ids).hasSize(6);
            return ids;
        }
    }
}
