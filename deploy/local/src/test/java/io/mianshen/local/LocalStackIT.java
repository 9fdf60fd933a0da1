package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.ContractExamples;
import io.mianshen.local.demo.DemoFeed;
import io.mianshen.local.demo.FeedRecord;
import io.mianshen.local.demo.StackSummary;
import io.mianshen.local.infra.KafkaAccess;
import io.mianshen.local.infra.KafkaPrincipals;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The one command with {@code --demo}, as a newcomer runs it: every process starts, the demo feed is replayed, every
 * pack policy has a decision with a notice (read through the gateway as an auditor and as the enterprise), every
 * invalid event is in its dead-letter topic with a reason, and stopping leaves no process behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

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
            HttpResponse<String> found = gateway.get(
                    "/api/audit/decisions?policyId=" + policy + "&type=gov.benefit.granted.v1&limit=5",
                    StackClient.TOKENS.auditor());
            assertThat(found.statusCode()).isEqualTo(200);
            JsonNode decisions = StackClient.json(found).get("decisions");
            assertThat(decisions.size()).as(policy + " granted somewhere").isPositive();
            assertThat(decisions.get(0).get("amount").asString())
                    .as(policy + " amount")
                    .matches("\\d+\\.\\d{2}");
        }
        // amended filings adjust and revoked certificates revoke
        assertThat(StackClient.json(gateway.get(
                                "/api/audit/decisions?type=gov.benefit.adjusted.v1&limit=1",
                                StackClient.TOKENS.auditor()))
                        .get("decisions")
                        .size())
                .isEqualTo(1);
        assertThat(StackClient.json(gateway.get(
                                "/api/audit/decisions?policyId=sme-to-hnte-reward&type=gov.benefit.revoked.v1&limit=1",
                                StackClient.TOKENS.auditor()))
                        .get("decisions")
                        .get(0)
                        .get("recoverAmount")
                        .asString())
                .isEqualTo("100000.00");
        long invalid =
                DemoFeed.records().stream().filter(record -> !record.valid()).count();
        assertThat(invalid)
                .as("the contract's invalid examples of the fact topics are in the demo")
                .isEqualTo(DemoFeed.feedsInvalidExamples().size())
                .isEqualTo(ContractExamples.invalid().stream()
                        .filter(example -> example.topic().startsWith("enterprise.")
                                || example.topic().startsWith("tax.")
                                || example.topic().startsWith("sci."))
                        .count());
        assertThat(stack.output())
                .contains(
                        "Decision events",
                        "Notices delivered by channel: EMAIL",
                        "Dead letters: " + invalid + " invalid events");
        // publicity and review: an objection upheld (its grant revoked) and one rejected, through the gateway
        assertThat(stack.output())
                .containsPattern(
                        "Publicity \\(公示\\): [1-9][0-9]* grants published, 2 objections; rulings: 1 upheld, 1 rejected;");
    }

    @Test
    @Order(2)
    void everyPackPolicyHasANoticeInTheEnterprisesInbox() throws Exception {
        for (String policy : packPolicies()) {
            JsonNode decision = StackClient.json(gateway.get(
                            "/api/audit/decisions?policyId=" + policy + "&limit=1", StackClient.TOKENS.auditor()))
                    .get("decisions")
                    .get(0);
            String uscc = decision.get("uscc").asString();
            JsonNode history = StackClient.json(gateway.get(
                    "/api/audit/decisions/" + decision.get("decisionId").asString(), StackClient.TOKENS.auditor()));
            assertThat(history.get("notices").findValuesAsString("channel"))
                    .as(policy + " notices in the ledger")
                    .contains("INBOX");

            HttpResponse<String> inbox = gateway.get("/api/notices?size=100", StackClient.TOKENS.enterprise(uscc));
            assertThat(inbox.statusCode()).isEqualTo(200);
            assertThat(StackClient.json(inbox).get("notices").findValuesAsString("decisionId"))
                    .as(policy + " notice in the inbox")
                    .contains(decision.get("decisionId").asString());
        }
    }

    /**
     * The Grafana dashboard (deploy/grafana) asks only for metrics the running stack exposes: every metric name in its
     * queries is on some service's or the gateway's /actuator/prometheus after the demo.
     */
    @Test
    @Order(2)
    void everyMetricTheDashboardQueriesIsExposedByTheRunningStack() throws Exception {
        assertThat(gateway.send("POST", "/api/audit/verify", StackClient.TOKENS.auditor(), null, null)
                        .statusCode())
                .isEqualTo(200);
        StringBuilder exposed = new StringBuilder();
        for (int port : List.of(
                StackPorts.ELIGIBILITY,
                StackPorts.NOTIFICATION,
                StackPorts.AUDIT,
                StackPorts.INTAKE,
                StackPorts.GATEWAY)) {
            HttpResponse<String> scraped =
                    new StackClient(port).get("/actuator/prometheus", StackClient.TOKENS.operator());
            assertThat(scraped.statusCode()).isEqualTo(200);
            exposed.append(scraped.body()).append('\n');
        }
        JsonNode dashboard = StackClient.JSON.readTree(java.nio.file.Files.readString(
                java.nio.file.Path.of(System.getProperty("user.dir")).resolve("../grafana/mianshen-pipeline.json")));
        List<String> queries = dashboard.findValuesAsString("expr");
        assertThat(queries).hasSizeGreaterThanOrEqualTo(12);
        java.util.regex.Matcher names = java.util.regex.Pattern.compile(
                        "\\b(mianshen_[a-z_]+|kafka_[a-z_]+|http_server_[a-z_]+)\\b")
                .matcher(String.join("\n", queries));
        java.util.Set<String> queried = new java.util.TreeSet<>();
        while (names.find()) {
            queried.add(names.group(1));
        }
        assertThat(queried)
                .contains(
                        "mianshen_events_rejected_total",
                        "mianshen_decisions_total",
                        "mianshen_notices_total",
                        "mianshen_ledger_entries");
        for (String name : queried) {
            assertThat(java.util.regex.Pattern.compile("(?m)^" + name + "[{ ]")
                            .matcher(exposed)
                            .find())
                    .as("the dashboard queries %s; no service exposes it", name)
                    .isTrue();
        }
    }

    @Test
    @Order(3)
    void everyInvalidEventIsInItsDeadLetterTopicWithItsReason() {
        List<FeedRecord> invalid =
                DemoFeed.records().stream().filter(record -> !record.valid()).toList();
        assertThat(invalid).hasSizeGreaterThanOrEqualTo(10);
        for (FeedRecord record : invalid) {
            List<ConsumerRecord<String, byte[]>> dead =
                    StackSummary.records(stack.kafka(KafkaPrincipals.OBSERVER), record.topic() + ".dlt");
            assertThat(dead).as(record.label()).anySatisfy(letter -> {
                assertThat(letter.value()).isEqualTo(record.value());
                assertThat(new String(
                                letter.headers()
                                        .lastHeader("mianshen-dlt-reason")
                                        .value(),
                                StandardCharsets.UTF_8))
                        .isNotBlank();
            });
        }
    }

    @Test
    @Order(4)
    void theBrokerRefusesWhoeverIsNotAllowedToWriteOrReadATopic() throws Exception {
        String forgedKey = "ROGUE" + System.nanoTime();
        byte[] forgedGrant =
                ContractExamples.valid("gov.benefit.granted.v1").toString().getBytes(StandardCharsets.UTF_8);

        // no credentials at all: the SASL listener never gives it the topic's metadata
        Map<String, Object> anonymous = new HashMap<>(Map.of(
                CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG,
                "localhost:" + StackPorts.KAFKA,
                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                5_000));
        assertThat(sendFailure(anonymous, "benefit.decisions.v1", forgedKey, forgedGrant))
                .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);

        // a service's name with a guessed password
        KafkaAccess eligibility = stack.kafka("eligibility-service");
        KafkaAccess guessed = new KafkaAccess(
                eligibility.bootstrapServers(), eligibility.username(), "mianshen", eligibility.mechanism());
        assertThat(sendFailure(guessed.clientSettings(), "benefit.decisions.v1", forgedKey, forgedGrant))
                .isInstanceOf(SaslAuthenticationException.class);

        // real principals outside their grants: a feed or intake forging a decision or a notice, a feed writing another
        // feed's topic,
        // the observer writing anything (refused the topic, or for a principal that may write no topic at all, an
        // idempotent producer)
        for (String[] attempt : List.of(
                new String[] {"feed-tax", "benefit.decisions.v1"},
                new String[] {KafkaPrincipals.FEEDS, "benefit.decisions.v1"},
                new String[] {"intake-service", "notices.v1"},
                new String[] {"audit-service", "benefit.decisions.v1"},
                new String[] {"notification-service", "benefit.decisions.v1"},
                new String[] {"eligibility-service", "notices.v1"},
                new String[] {"feed-tax", "enterprise.registry.v1"},
                new String[] {KafkaPrincipals.OBSERVER, "tax.filings.v1"})) {
            Throwable failure =
                    sendFailure(stack.kafka(attempt[0]).clientSettings(), attempt[1], forgedKey, forgedGrant);
            assertThat(java.util.stream.Stream.iterate(failure, Objects::nonNull, Throwable::getCause))
                    .as(attempt[0] + " writing " + attempt[1] + ": " + failure)
                    .anyMatch(AuthorizationException.class::isInstance);
        }
        // a feed reading what the services decided, a service reading under another service's consumer group
        assertThat(pollFailure(stack.kafka("feed-sci"), "benefit.decisions.v1", null))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThat(pollFailure(stack.kafka("eligibility-service"), "enterprise.registry.v1", "notification-service"))
                .isInstanceOf(GroupAuthorizationException.class);

        // what is granted still works: the tax feed writes its own topic
        assertThat(sendFailure(
                        stack.kafka("feed-tax").clientSettings(),
                        "tax.filings.v1",
                        forgedKey,
                        ContractExamples.valid("gov.tax.credit-rating.v1")
                                .toString()
                                .getBytes(StandardCharsets.UTF_8)))
                .isNull();
        assertThat(StackSummary.records(stack.kafka(KafkaPrincipals.OBSERVER), "benefit.decisions.v1"))
                .noneMatch(r -> forgedKey.equals(r.key()));
        assertThat(StackSummary.records(stack.kafka(KafkaPrincipals.OBSERVER), "notices.v1"))
                .noneMatch(r -> forgedKey.equals(r.key()));
    }

    /** Why a send of one record failed, or null when the broker took it. */
    private static Throwable sendFailure(Map<String, Object> settings, String topic, String key, byte[] value) {
        Map<String, Object> producerSettings = new HashMap<>(settings);
        producerSettings.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        producerSettings.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        producerSettings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        producerSettings.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(producerSettings, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
            record.headers()
                    .add("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (org.apache.kafka.common.KafkaException e) {
            return e;
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new AssertionError("the broker neither took nor refused a record on " + topic, e);
        }
    }

    /**
     * Why polling {@code topic} failed, or null when it was allowed: under consumer group {@code group}, or without a
     * group from partition 0's beginning when {@code group} is null.
     */
    private static Throwable pollFailure(KafkaAccess access, String topic, String group) {
        Map<String, Object> settings = access.clientSettings();
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        if (group != null) {
            settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(settings, new StringDeserializer(), new ByteArrayDeserializer())) {
            if (group == null) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
            } else {
                consumer.subscribe(List.of(topic));
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(500));
            }
            return null;
        } catch (org.apache.kafka.common.KafkaException e) {
            return e;
        }
    }

    /** The web console in a real browser, each user's main journey, on what the demo decided (ConsoleJourneys). */
    @Test
    @Order(5)
    void theConsoleServesThePublicAnEnterpriseAReviewerAnAuditorAndAPolicyOfficerInABrowser() throws Exception {
        assertThat(stack.output()).contains("Console        http://localhost:8080/console", "password mianshen-local");
        ConsoleJourneys journeys = new ConsoleJourneys();
        journeys.thePublicReadsThePublicityListInBothLanguagesAndOnAPhone();
        ConsoleJourneys.Grant grant = journeys.aGrantInPublicity();
        journeys.anEnterpriseReadsItsNoticeAndObjects(grant);
        journeys.aReviewerUpholdsTheObjection(grant);
        journeys.theEnterpriseSeesTheRevocation(grant);
        journeys.anAuditorFindsTheHistorySeesTheTotalsExportsAndVerifies(grant);
        journeys.aPolicyOfficerSeesAProblemAtItsLineThenPublishesAndWatchesTheBackfill();
    }

    @Test
    @Order(6)
    void stoppingLeavesNoProcessAndNoPortBehind() throws Exception {
        List<ProcessHandle> started = stack.descendants();
        assertThat(started)
                .as("the broker, four services, the gateway and the console")
                .hasSizeGreaterThanOrEqualTo(7);

        stack.stop();

        assertThat(started).noneMatch(ProcessHandle::isAlive);
        // PostgreSQL detaches from the launcher (pg_ctl), so look for anything still using the stack's data folder
        assertThat(ProcessHandle.allProcesses()
                        .filter(p -> p.info().commandLine().orElse("").contains("it-demo")))
                .isEmpty();
        assertThat(StackPorts.all().keySet()).allMatch(StackPorts::isFree);
        assertThat(stack.output()).contains("stopped; nothing of the stack is running.");
    }

    private static List<String> packPolicies() throws Exception {
        try (var index = Objects.requireNonNull(LocalStackIT.class.getResourceAsStream("/policies/index.txt"));
                var reader = new BufferedReader(new InputStreamReader(index, StandardCharsets.UTF_8))) {
            List<String> ids = reader.lines()
                    .map(String::trim)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .map(file -> file.substring(0, file.indexOf(".v")))
                    .toList();
            assertThat(ids).hasSize(6);
            return ids;
        }
    }
}
