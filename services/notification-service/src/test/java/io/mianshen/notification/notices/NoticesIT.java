package io.mianshen.notification.notices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.mianshen.notification.DecisionFeed;
import io.mianshen.notification.WebhookReceiver;
import io.mianshen.notification.delivery.WebhookSignature;
import io.mianshen.testsupport.BenefitEvents;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestTokens;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decision events in, notices out: the inbox through the API, e-mail through a real SMTP server
 * (GreenMail), webhooks to a local HTTP server whose signatures are verified as an enterprise would.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "mianshen.notices.first-retry=100ms",
            "mianshen.notices.max-retry=400ms",
            "mianshen.notices.max-attempts=4",
            "mianshen.notices.delivery-interval=50ms",
            "mianshen.outbox.poll-interval=50ms",
            "mianshen.objections.per-enterprise-per-day=5",
            // the test receivers listen on http://127.0.0.1 (WebhookSafetyIT checks the public-HTTPS rule)
            "mianshen.notices.webhook-allow-http=true",
            "mianshen.notices.webhook-allow-private-addresses=true",
            "mianshen.notices.webhook-timeout=2s"
        })
@RealInfrastructure(database = "notification")
class NoticesIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

    static {
        SMTP.start();
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aGrantReachesTheInboxTheMailboxAndASignedWebhook() throws Exception {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed();
                WebhookReceiver webhook = WebhookReceiver.accepting()) {
            String email = registered(feed, uscc, webhook.url());
            ObjectNode granted = feed.granted(uscc, "150000.00");
            String decisionId = granted.get("data").get("decisionId").asString();

            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, decisionId), n -> n != null);
            assertThat(notice.get("amount").asString()).isEqualTo("150000.00");
            assertThat(notice.get("titleZh").asString()).contains("研发投入后补助").contains("2023 纳税年度");
            assertThat(notice.get("bodyZh").asString())
                    .contains("根据鲁科字〔2023〕16号第19条")
                    .contains("人民币 150,000.00 元")
                    .contains("无需提出申请")
                    .contains("拨付")
                    .contains("请于 " + notice.get("objectionDeadline").asString() + "（含当日）前")
                    .contains("占营业收入 7.88%");
            assertThat(notice.get("bodyEn").asString())
                    .contains("article 19 of 鲁科字〔2023〕16号")
                    .contains("CNY 150,000.00")
                    .contains("do not need to apply")
                    .contains("no later than " + notice.get("objectionDeadline").asString());

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(mailsTo(email)).hasSize(1));
            MimeMessage mail = mailsTo(email).get(0);
            assertThat(mail.getSubject()).contains("研发投入后补助").contains("benefit granted");
            assertThat(mail.getContent().toString())
                    .contains("人民币 150,000.00 元")
                    .contains("CNY 150,000.00");

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(webhook.calls()).hasSize(1));
            WebhookReceiver.Call call = webhook.calls().get(0);
            String secret = http(uscc)
                    .get()
                    .uri("/api/notices/webhook-secret")
                    .retrieve()
                    .body(JsonNode.class)
                    .get("secret")
                    .asString();
            assertThat(WebhookSignature.verify(
                            secret, call.signature(), call.body(), Instant.now(), Duration.ofMinutes(5)))
                    .isTrue();
            assertThat(WebhookSignature.verify(
                            secret,
                            call.signature(),
                            call.body().replace("150000.00", "950000.00"),
                            Instant.now(),
                            Duration.ofMinutes(5)))
                    .isFalse();
            assertThat(JSON.readTree(call.body()).get("amount").asString()).isEqualTo("150000.00");

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(feed.noticeEventsOf(decisionId))
                            .filteredOn(e -> e.get("type").asString().equals("gov.notice.delivered.v1"))
                            .extracting(e -> e.get("data").get("channel").asString())
                            .containsExactlyInAnyOrder("INBOX", "EMAIL", "WEBHOOK"));
        }
    }

    @Test
    void theSameDecisionTwiceMakesOneNoticePerChannel() throws Exception {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed();
                WebhookReceiver webhook = WebhookReceiver.accepting()) {
            String email = registered(feed, uscc, webhook.url());
            ObjectNode granted = feed.granted(uscc, "80000.00");
            feed.publish("benefit.decisions.v1", granted);
            // a later decision of the same enterprise (same partition): once it is delivered, the repeat has been read
            ObjectNode marker = feed.granted(uscc, "1.00");

            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(webhook.calls())
                        .extracting(
                                c -> JSON.readTree(c.body()).get("decisionId").asString())
                        .contains(marker.get("data").get("decisionId").asString());
                assertThat(mailsTo(email)).hasSize(2);
            });
            String decisionId = granted.get("data").get("decisionId").asString();
            assertThat(webhook.calls())
                    .filteredOn(c -> c.body().contains(decisionId))
                    .hasSize(1);
            assertThat(jdbc.sql("SELECT channel FROM notice WHERE decision_id = ? ORDER BY channel")
                            .param(decisionId)
                            .query(String.class)
                            .list())
                    .containsExactly("EMAIL", "INBOX", "WEBHOOK");
            assertThat(http(uscc)
                            .get()
                            .uri("/api/notices")
                            .retrieve()
                            .body(JsonNode.class)
                            .get("total")
                            .asInt())
                    .isEqualTo(2);
        }
    }

    @Test
    void aWebhookThatIsDownThenUpGetsTheNoticeAfterRetries() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed();
                WebhookReceiver webhook = WebhookReceiver.failingFirst(2, 503)) {
            registered(feed, uscc, webhook.url());
            String decisionId =
                    feed.granted(uscc, "20000.00").get("data").get("decisionId").asString();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(feed.noticeEventsOf(decisionId))
                            .filteredOn(
                                    e -> e.get("data").get("channel").asString().equals("WEBHOOK"))
                            .extracting(e -> e.get("type").asString())
                            .containsExactly("gov.notice.delivered.v1"));
            assertThat(webhook.calls()).hasSize(3);
            assertThat(jdbc.sql("""
                            SELECT a.succeeded FROM delivery_attempt a JOIN notice n USING (notice_id)
                            WHERE n.decision_id = ? AND n.channel = 'WEBHOOK' ORDER BY a.attempt""").param(decisionId).query(Boolean.class).list())
                    .containsExactly(false, false, true);
        }
    }

    @Test
    void aReceiverThatStallsAfterItsHeadersFailsWithinTheDeadlineWhileOtherEnterprisesWebhooksGoOn() {
        String stalled = DecisionFeed.newUscc();
        String other = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed();
                WebhookReceiver staller = WebhookReceiver.stalling();
                WebhookReceiver accepting = WebhookReceiver.accepting()) {
            registered(feed, stalled, staller.url());
            registered(feed, other, accepting.url());
            String stalledDecision = feed.granted(stalled, "30000.00")
                    .get("data")
                    .get("decisionId")
                    .asString();
            await().atMost(Duration.ofSeconds(20)).until(() -> !staller.calls().isEmpty());
            Instant firstCall = Instant.now();
            String otherDecision = feed.granted(other, "40000.00")
                    .get("data")
                    .get("decisionId")
                    .asString();

            // the other enterprise's webhook arrives while the first receiver still holds its connection
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(accepting.calls())
                            .anySatisfy(call -> assertThat(call.body()).contains(otherDecision)));
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(jdbc.sql("""
                            SELECT a.error FROM delivery_attempt a JOIN notice n USING (notice_id)
                            WHERE n.decision_id = ? AND n.channel = 'WEBHOOK' AND a.attempt = 1""")
                                    .param(stalledDecision)
                                    .query(String.class)
                                    .optional())
                            .hasValueSatisfying(
                                    error -> assertThat(error).contains("no complete answer within 2000 ms")));
            // failed at its 2 s deadline, not after a read timeout of its own: well before 2 s + 5 s
            assertThat(jdbc.sql("""
                            SELECT a.attempted_at FROM delivery_attempt a JOIN notice n USING (notice_id)
                            WHERE n.decision_id = ? AND n.channel = 'WEBHOOK' AND a.attempt = 1""")
                            .param(stalledDecision)
                            .query(java.sql.Timestamp.class)
                            .single()
                            .toInstant())
                    .isBefore(firstCall.plusSeconds(7));
        }
    }

    @Test
    void aWebhookThatKeepsFailingIsReportedFailedWhileTheEmailIsDelivered() throws Exception {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed();
                WebhookReceiver webhook = WebhookReceiver.failingFirst(Integer.MAX_VALUE, 500)) {
            String email = registered(feed, uscc, webhook.url());
            String decisionId =
                    feed.granted(uscc, "30000.00").get("data").get("decisionId").asString();

            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(feed.noticeEventsOf(decisionId))
                            .filteredOn(e -> e.get("type").asString().equals("gov.notice.failed.v1"))
                            .singleElement()
                            .satisfies(failed -> {
                                assertThat(failed.get("data").get("channel").asString())
                                        .isEqualTo("WEBHOOK");
                                assertThat(failed.get("data").get("attempts").asInt())
                                        .isEqualTo(4);
                                assertThat(failed.get("data").get("lastError").asString())
                                        .contains("did not accept the notice")
                                        .doesNotContain("127.0.0.1", "500");
                            }));
            assertThat(jdbc.sql("""
                            SELECT a.error FROM delivery_attempt a JOIN notice n USING (notice_id)
                            WHERE n.decision_id = ? AND n.channel = 'WEBHOOK' ORDER BY a.attempt""").param(decisionId).query(String.class).list())
                    .hasSize(4)
                    .allSatisfy(error -> assertThat(error).contains("answered HTTP 500"));
            assertThat(webhook.calls()).hasSize(4);
            assertThat(mailsTo(email)).hasSize(1);
            assertThat(RestClient.create("http://localhost:" + port)
                            .get()
                            .uri("/actuator/prometheus")
                            .header("Authorization", "Bearer " + TestTokens.operator())
                            .retrieve()
                            .body(String.class))
                    .contains("mianshen_notices_total{channel=\"WEBHOOK\",outcome=\"failed\"}")
                    .contains("mianshen_notices_total{channel=\"EMAIL\",outcome=\"delivered\"}")
                    .contains("mianshen_notice_retries_total{channel=\"WEBHOOK\"}")
                    .contains("mianshen_notice_delivery_seconds_count{channel=\"EMAIL\"}");
            JsonNode notice = inboxNotice(uscc, decisionId);
            assertThat(notice.get("deliveries").findValuesAsString("status"))
                    .containsExactly("DELIVERED", "DELIVERED", "FAILED");
        }
    }

    @Test
    void aRulingOnObjectionsIsToldToTheEnterpriseAndToEachObjectorWhoGaveAnEmailOnceInBothLanguages() throws Exception {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            String email = registered(feed, uscc, null);
            ObjectNode granted = feed.granted(uscc, "150000.00");
            String decisionId = granted.get("data").get("decisionId").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, decisionId), n -> n != null);

            ObjectNode ruled = io.mianshen.testsupport.EventFeed.example("gov.publicity.ruled.v1", uscc);
            String rulingId = java.util.UUID.randomUUID().toString();
            ruled.put("id", rulingId);
            ObjectNode data = (ObjectNode) ruled.get("data");
            data.put("rulingId", rulingId)
                    .put("decisionId", decisionId)
                    .put("grantedAmount", "150000.00")
                    .put("amount", "120000.00")
                    .put("outcome", "UPHELD")
                    .put("correction", "ADJUST")
                    .put("reasons", "委托境外研发费用不计入后补助基数");
            var objections = data.putArray("objections");
            objections
                    .addObject()
                    .put("objectionId", java.util.UUID.randomUUID().toString())
                    .put("objectorKind", "PUBLIC")
                    .put("name", "张三")
                    .put("contact", "objector-" + uscc.toLowerCase() + "@example.cn");
            objections
                    .addObject()
                    .put("objectionId", java.util.UUID.randomUUID().toString())
                    .put("objectorKind", "PUBLIC")
                    .put("name", "李四")
                    .put("contact", "13800000000");
            feed.publish("benefit.publicity.v1", ruled);
            feed.publish("benefit.publicity.v1", ruled);

            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, rulingId), n -> n != null);
            assertThat(notice.get("kind").asString()).isEqualTo("RULING");
            assertThat(notice.get("titleZh").asString()).contains("研发投入后补助").contains("公示异议复核结果");
            assertThat(notice.get("bodyZh").asString())
                    .contains("异议成立，补助金额由人民币 150,000.00 元核减为 120,000.00 元")
                    .contains("委托境外研发费用不计入后补助基数")
                    .contains(rulingId);
            assertThat(notice.get("bodyEn").asString())
                    .contains("the objection is upheld; the amount is reduced from CNY 150,000.00 to CNY 120,000.00")
                    .contains("administrative reconsideration");
            assertThat(notice.get("titleEn").asString()).contains("review of an objection during publicity");
            // a ruling is not objected to again in the inbox
            var objection = http(uscc)
                    .post()
                    .uri("/api/notices/{id}/objections", notice.get("noticeId").asString())
                    .contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                    .body("{\"text\":\"不服\"}")
                    .retrieve()
                    .onStatus(status -> true, (q, r) -> {})
                    .toEntity(String.class);
            assertThat(objection.getStatusCode().value()).isEqualTo(409);

            String objector = "objector-" + uscc.toLowerCase() + "@example.cn";
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(mailsTo(objector)).hasSize(1));
            MimeMessage toObjector = mailsTo(objector).get(0);
            assertThat(toObjector.getContent().toString())
                    .contains("张三：")
                    .contains("您于公示期内")
                    .contains("异议成立")
                    .contains("To 张三:")
                    .contains("the objection is upheld");
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(mailsTo(email))
                            .anySatisfy(m -> assertThat(m.getSubject()).contains("公示异议复核结果")));
            // once, however often delivered; the objector with a telephone number is not written to
            assertThat(jdbc.sql("SELECT count(*) FROM notice WHERE decision_id = ? AND channel = 'INBOX'")
                            .param(rulingId)
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1);
            assertThat(jdbc.sql("SELECT count(*) FROM notice WHERE kind = 'RULING_TO_OBJECTOR' AND uscc = ?")
                            .param(uscc)
                            .query(Integer.class)
                            .single())
                    .isEqualTo(1);
        }
    }

    @Test
    void aRevocationNoticeNamesTheAmountToReturn() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            ObjectNode granted = feed.granted(uscc, "150000.00");
            String revocationId = feed.revoked(granted, "150000.00")
                    .get("data")
                    .get("decisionId")
                    .asString();

            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, revocationId), n -> n != null);
            assertThat(notice.get("kind").asString()).isEqualTo("REVOKED");
            assertThat(notice.get("recoverAmount").asString()).isEqualTo("150000.00");
            assertThat(notice.get("titleZh").asString()).contains("研发投入后补助").contains("撤销");
            assertThat(notice.get("bodyZh").asString())
                    .contains("应退回金额：人民币 150,000.00 元")
                    .contains("列入严重失信主体名单")
                    .contains(granted.get("data").get("decisionId").asString());
            assertThat(notice.get("bodyEn").asString()).contains("Amount to return: CNY 150,000.00");
        }
    }

    @Test
    void aDecisionWaitingForBudgetIsToldItsPlaceAndLeavingTheQueueUngrantedIsToldWhy() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            ObjectNode queued = feed.queued(uscc, "50000.00", "20000.00", 3);
            String queuedId = queued.get("data").get("decisionId").asString();
            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, queuedId), n -> n != null);
            assertThat(notice.get("kind").asString()).isEqualTo("QUEUED");
            assertThat(notice.get("titleZh").asString()).contains("科技创新券").contains("排队候补");
            assertThat(notice.get("bodyZh").asString())
                    .contains("核定金额人民币 50,000.00 元")
                    .contains("人民币 20,000.00 元")
                    .contains("排第 3 位")
                    .contains("无需提出申请");
            assertThat(notice.get("bodyEn").asString())
                    .contains("CNY 20,000.00")
                    .contains("position 3");

            // granted from the queue: the grant's own notice tells it, the exit makes none
            ObjectNode grantedExit = feed.queueLeft(queued, true, "预算释放后按排队顺序核定 (granted from the budget queue)");
            ObjectNode ungranted = feed.queued(uscc, "50000.00", "50000.00", 1);
            ObjectNode leftExit =
                    feed.queueLeft(ungranted, false, "不再符合条件，退出排队 (no longer eligible: leaves the queue)");
            String leftId = leftExit.get("data").get("decisionId").asString();
            JsonNode left =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, leftId), n -> n != null);
            assertThat(left.get("kind").asString()).isEqualTo("QUEUE_LEFT");
            assertThat(left.get("bodyZh").asString())
                    .contains("科技创新券")
                    .contains("不再符合条件")
                    .contains(ungranted.get("data").get("decisionId").asString());
            assertThat(left.get("bodyEn").asString()).contains("no longer waits for budget");
            assertThat(inboxNotice(
                            uscc, grantedExit.get("data").get("decisionId").asString()))
                    .isNull();
        }
    }

    @Test
    void objectionsAreCappedPerNoticeAndPerEnterpriseEachDayWithRetryAfter() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            String first =
                    feed.granted(uscc, "10000.00").get("data").get("decisionId").asString();
            String second =
                    feed.granted(uscc, "20000.00").get("data").get("decisionId").asString();
            String firstNotice = await().atMost(Duration.ofSeconds(30))
                    .until(() -> inboxNotice(uscc, first), n -> n != null)
                    .get("noticeId")
                    .asString();
            String secondNotice = await().atMost(Duration.ofSeconds(30))
                    .until(() -> inboxNotice(uscc, second), n -> n != null)
                    .get("noticeId")
                    .asString();

            for (int i = 0; i < 3; i++) {
                assertThat(status(object(uscc, firstNotice, "第" + i + "次异议"))).isEqualTo(201);
            }
            ResponseEntity<JsonNode> perNotice = object(uscc, firstNotice, "第四次异议");
            assertThat(status(perNotice)).isEqualTo(429);
            assertThat(perNotice.getHeaders().getContentType().toString()).contains("application/problem+json");
            assertThat(perNotice.getBody().get("detail").asString())
                    .contains("at most 3 objections to one notice per day");
            long retryAfter = Long.parseLong(perNotice.getHeaders().getFirst("Retry-After"));
            assertThat(retryAfter).isBetween(1L, 86_400L);

            // the enterprise's cap (5 a day here) counts its objections to every notice
            assertThat(status(object(uscc, secondNotice, "第五次异议"))).isEqualTo(201);
            assertThat(status(object(uscc, secondNotice, "第六次异议"))).isEqualTo(201);
            ResponseEntity<JsonNode> perEnterprise = object(uscc, secondNotice, "第七次异议");
            assertThat(status(perEnterprise)).isEqualTo(429);
            assertThat(perEnterprise.getBody().get("detail").asString())
                    .contains("at most 5 objections from one enterprise per day");
            assertThat(http(uscc)
                            .get()
                            .uri("/api/notices/objections")
                            .retrieve()
                            .body(JsonNode.class))
                    .hasSize(5);
        }
    }

    private ResponseEntity<JsonNode> object(String uscc, String noticeId, String text) {
        return http(uscc)
                .post()
                .uri("/api/notices/{id}/objections", noticeId)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"text\":\"" + text + "\"}")
                .retrieve()
                .toEntity(JsonNode.class);
    }

    @Test
    void anAdjustmentNoticeSaysWhatChanged() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            ObjectNode granted = feed.granted(uscc, "150000.00");
            ObjectNode change = io.mianshen.testsupport.BenefitEvents.adjusted(granted, "125000.00");
            // the reason as the eligibility service writes it: Chinese, then English in parentheses
            ((ObjectNode) change.get("data")).put("reason", "事实变更，金额重新核定 (facts changed: amount recalculated)");
            ObjectNode adjusted = feed.publish("benefit.decisions.v1", change);
            String adjustmentId = adjusted.get("data").get("decisionId").asString();

            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, adjustmentId), n -> n != null);
            assertThat(notice.get("kind").asString()).isEqualTo("ADJUSTED");
            assertThat(notice.get("bodyZh").asString())
                    .contains("由人民币 150,000.00 元调整为 125,000.00 元")
                    .contains("调整原因：事实变更，金额重新核定\n")
                    .doesNotContain("facts changed");
            assertThat(notice.get("bodyEn").asString())
                    .contains("changes from CNY 150,000.00 to CNY 125,000.00")
                    .contains("What changed: Facts changed: amount recalculated")
                    .doesNotContain("事实变更")
                    .contains("replaces decision "
                            + granted.get("data").get("decisionId").asString());
        }
    }

    @Test
    void anEnterpriseCannotReadOrObjectToAnotherEnterprisesNotice() {
        String owner = DecisionFeed.newUscc();
        String other = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            String decisionId = feed.granted(owner, "10000.00")
                    .get("data")
                    .get("decisionId")
                    .asString();
            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(owner, decisionId), n -> n != null);
            String noticeId = notice.get("noticeId").asString();

            assertThat(status(http(other)
                            .get()
                            .uri("/api/notices/{id}", noticeId)
                            .retrieve()
                            .toEntity(String.class)))
                    .isEqualTo(404);
            ResponseEntity<String> objection = http(other)
                    .post()
                    .uri("/api/notices/{id}/objections", noticeId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"text\":\"不同意\"}")
                    .retrieve()
                    .toEntity(String.class);
            assertThat(status(objection)).isEqualTo(404);
            assertThat(objection.getHeaders().getContentType().toString()).contains("application/problem+json");
            assertThat(http(other)
                            .get()
                            .uri("/api/notices")
                            .retrieve()
                            .body(JsonNode.class)
                            .get("total")
                            .asInt())
                    .isZero();
            assertThat(status(RestClient.create("http://localhost:" + port)
                            .get()
                            .uri("/api/notices")
                            .retrieve()
                            .onStatus(HttpStatusCode::isError, (req, res) -> {})
                            .toEntity(String.class)))
                    .isEqualTo(401);
            assertThat(status(withToken(TestTokens.auditor())
                            .get()
                            .uri("/api/notices")
                            .retrieve()
                            .toEntity(String.class)))
                    .isEqualTo(403);

            ResponseEntity<JsonNode> raised = http(owner)
                    .post()
                    .uri("/api/notices/{id}/objections", noticeId)
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"text\":\"研发费用口径有误，请复核。\"}")
                    .retrieve()
                    .toEntity(JsonNode.class);
            assertThat(status(raised)).isEqualTo(201);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(feed.noticeEventsOf(decisionId))
                            .filteredOn(e -> e.get("type").asString().equals("gov.notice.objection-raised.v1"))
                            .singleElement()
                            .satisfies(e -> assertThat(e.get("data").get("text").asString())
                                    .isEqualTo("研发费用口径有误，请复核。")));
            assertThat(http(owner)
                            .get()
                            .uri("/api/notices/objections")
                            .retrieve()
                            .body(JsonNode.class)
                            .findValuesAsString("noticeId"))
                    .containsExactly(noticeId);
        }
    }

    @Test
    void anObjectionAfterTheWindowIsRefusedWithAProblem() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            String decisionId =
                    feed.granted(uscc, "10000.00").get("data").get("decisionId").asString();
            JsonNode notice =
                    await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, decisionId), n -> n != null);
            // the window closed yesterday
            jdbc.sql("UPDATE notice SET objection_deadline = current_date - 1 WHERE decision_id = ?")
                    .param(decisionId)
                    .update();

            ResponseEntity<JsonNode> refused = http(uscc)
                    .post()
                    .uri("/api/notices/{id}/objections", notice.get("noticeId").asString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"text\":\"逾期异议\"}")
                    .retrieve()
                    .toEntity(JsonNode.class);
            assertThat(status(refused)).isEqualTo(422);
            assertThat(refused.getHeaders().getContentType().toString()).contains("application/problem+json");
            assertThat(refused.getBody().get("title").asString()).isEqualTo("Objection window closed");
            assertThat(refused.getBody().get("deadline").asString()).isNotBlank();
            assertThat(jdbc.sql("SELECT count(*) FROM objection WHERE decision_id = ?")
                            .param(decisionId)
                            .query(Integer.class)
                            .single())
                    .isZero();

            ResponseEntity<JsonNode> empty = http(uscc)
                    .post()
                    .uri("/api/notices/{id}/objections", notice.get("noticeId").asString())
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"text\":\"\"}")
                    .retrieve()
                    .toEntity(JsonNode.class);
            assertThat(status(empty)).isEqualTo(400);
            assertThat(empty.getBody().get("pointer").asString()).isEqualTo("/text");
            assertThat(empty.getBody().get("parameter").asString()).isEqualTo("text");
            assertThat(empty.getBody().get("type").asString()).isEqualTo("urn:mianshen:problem:invalid-request");
        }
    }

    @Test
    void theInboxListsUnreadFirstAndMarksNoticesRead() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            String first =
                    feed.granted(uscc, "1000.00").get("data").get("decisionId").asString();
            String second =
                    feed.granted(uscc, "2000.00").get("data").get("decisionId").asString();
            await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, second), n -> n != null);
            String firstNotice = inboxNotice(uscc, first).get("noticeId").asString();

            assertThat(http(uscc)
                            .post()
                            .uri("/api/notices/{id}/read", firstNotice)
                            .retrieve()
                            .body(JsonNode.class)
                            .get("readAt")
                            .isNull())
                    .isFalse();
            JsonNode page = http(uscc)
                    .get()
                    .uri("/api/notices?page=0&size=10")
                    .retrieve()
                    .body(JsonNode.class);
            assertThat(page.get("unread").asInt()).isEqualTo(1);
            assertThat(page.get("notices").findValuesAsString("decisionId")).containsExactly(second, first);
            assertThat(status(http(uscc)
                            .get()
                            .uri("/api/notices?size=1000")
                            .retrieve()
                            .toEntity(String.class)))
                    .isEqualTo(400);
        }
    }

    @Test
    void anInvalidDecisionEventIsDeadLetteredAndTheNextOneStillNotified() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            feed.send(
                    "benefit.decisions.v1",
                    uscc,
                    "{\"specversion\":\"1.0\",\"id\":\"broken\"".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String decisionId =
                    feed.granted(uscc, "5000.00").get("data").get("decisionId").asString();

            await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, decisionId), n -> n != null);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(deadLetterReasons(uscc))
                            .singleElement()
                            .asString()
                            .contains("not valid JSON"));
        }
    }

    @Test
    void aGrantForgedOnTheDecisionTopicByAnotherProducerIsDeadLetteredAndNeverNoticed() {
        String uscc = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed()) {
            ObjectNode forged = BenefitEvents.granted(uscc, "sme-to-hnte-reward", "Y2024", "100000.00");
            forged.put("source", "/feeds/tax/370000");
            feed.send(
                    "benefit.decisions.v1", uscc, forged.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String genuine =
                    feed.granted(uscc, "5000.00").get("data").get("decisionId").asString();

            await().atMost(Duration.ofSeconds(30)).until(() -> inboxNotice(uscc, genuine), n -> n != null);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(deadLetterReasons(uscc))
                            .singleElement()
                            .asString()
                            .contains("producer-source", "/services/eligibility"));
            assertThat(jdbc.sql("SELECT count(*) FROM notice WHERE decision_id = ?")
                            .param(forged.get("data").get("decisionId").asString())
                            .query(Integer.class)
                            .single())
                    .isZero();
        }
    }

    @Test
    void hostileInputsGetA4xxNeverA500() {
        String uscc = DecisionFeed.newUscc();
        for (String hostile : List.of(
                "'; DROP TABLE notice; --",
                "\u0000\u0007",
                "<script>alert(1)</script>",
                "../../etc/passwd",
                "x".repeat(100_000),
                "-1",
                "99999999999")) {
            for (String uri : List.of("/api/notices/{v}", "/api/notices?page={v}", "/api/notices?size={v}")) {
                assertThat(http(uscc)
                                .get()
                                .uri(uri, hostile)
                                .retrieve()
                                .toEntity(String.class)
                                .getStatusCode()
                                .value())
                        .as(uri)
                        .isBetween(400, 499);
            }
            assertThat(http(uscc)
                            .post()
                            .uri("/api/notices/{v}/objections", hostile)
                            .contentType(MediaType.APPLICATION_JSON)
                            .body("{\"text\":\"x\"}")
                            .retrieve()
                            .toEntity(String.class)
                            .getStatusCode()
                            .value())
                    .isBetween(400, 499);
        }
        ResponseEntity<String> wrongType = http(uscc)
                .post()
                .uri("/api/notices/{v}/objections", java.util.UUID.randomUUID())
                .contentType(MediaType.TEXT_HTML)
                .body("<p>x</p>")
                .retrieve()
                .toEntity(String.class);
        assertThat(wrongType.getStatusCode().value()).isEqualTo(415);
        assertThat(jdbc.sql("SELECT count(*) FROM objection WHERE uscc = ?")
                        .param(uscc)
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    private String registered(DecisionFeed feed, String uscc, String webhookUrl) {
        String email = "finance-" + uscc.toLowerCase() + "@example.cn";
        feed.registered(uscc, email, webhookUrl);
        // the registry and the decisions are different topics: wait until the contact is known
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jdbc.sql("SELECT count(*) FROM contact WHERE uscc = ?")
                                .param(uscc)
                                .query(Integer.class)
                                .single()
                        == 1);
        return email;
    }

    private JsonNode inboxNotice(String uscc, String decisionId) {
        JsonNode page = http(uscc).get().uri("/api/notices?size=100").retrieve().body(JsonNode.class);
        for (JsonNode notice : page.get("notices")) {
            if (notice.get("decisionId").asString().equals(decisionId)) {
                return notice;
            }
        }
        return null;
    }

    private List<String> deadLetterReasons(String uscc) {
        var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(
                java.util.Map.of(
                        "bootstrap.servers",
                        io.mianshen.testsupport.TestInfrastructure.get().kafkaBootstrapServers(),
                        "group.id",
                        "dlt-reader-" + java.util.UUID.randomUUID(),
                        "auto.offset.reset",
                        "earliest"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        try (consumer) {
            consumer.subscribe(List.of("benefit.decisions.v1.dlt"));
            List<String> reasons = new java.util.ArrayList<>();
            for (int i = 0; i < 5; i++) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    if (uscc.equals(record.key())
                            && new String(record.headers()
                                            .lastHeader("mianshen-dlt-consumer")
                                            .value())
                                    .contains("notification-service")) {
                        reasons.add(new String(
                                record.headers()
                                        .lastHeader("mianshen-dlt-reason")
                                        .value(),
                                java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
            }
            return reasons;
        }
    }

    private List<MimeMessage> mailsTo(String address) throws Exception {
        return Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getRecipients(Message.RecipientType.TO))
                                .anyMatch(a -> a.toString().equals(address));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
    }

    private RestClient http(String uscc) {
        return withToken(TestTokens.enterprise(uscc));
    }

    private RestClient withToken(String token) {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + token)
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
    }

    private static int status(ResponseEntity<?> response) {
        return response.getStatusCode().value();
    }
}
