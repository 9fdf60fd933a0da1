package io.mianshen.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mianshen.notification.DecisionFeed;
import io.mianshen.notification.WebhookReceiver;
import io.mianshen.testsupport.RealInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Webhooks with the settings of a real deployment (public HTTPS only): an enterprise's webhook URL that points into
 * the service's own network is refused at send time, the receiver is never called, the enterprise is told only that
 * the address is not allowed, and a password or token in the URL never reaches the attempt record.
 */
@SpringBootTest(
        properties = {
            "spring.kafka.consumer.group-id=notification-webhook-safety-it",
            "mianshen.notices.delivery-interval=50ms"
        })
@RealInfrastructure(database = "notification_webhook_safety")
class WebhookSafetyIT {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aWebhookIntoThePrivateNetworkIsRefusedAtSendTimeAndItsCredentialsAreRedacted() {
        String plain = DecisionFeed.newUscc();
        String loopbackHttps = DecisionFeed.newUscc();
        try (DecisionFeed feed = new DecisionFeed();
                WebhookReceiver receiver = WebhookReceiver.accepting()) {
            int port = Integer.parseInt(receiver.url().replaceAll(".*:(\\d+)/.*", "$1"));
            feed.registered(plain, "a@example.cn", receiver.url());
            feed.registered(
                    loopbackHttps,
                    "b@example.cn",
                    "https://alice:s3cret@localhost:" + port + "/hooks/benefits?token=abc123&x=1");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> jdbc.sql("SELECT count(*) FROM contact WHERE uscc IN (?, ?)")
                                    .params(plain, loopbackHttps)
                                    .query(Integer.class)
                                    .single()
                            == 2);
            String plainDecision = feed.granted(plain, "30000.00")
                    .get("data")
                    .get("decisionId")
                    .asString();
            String loopbackDecision = feed.granted(loopbackHttps, "30000.00")
                    .get("data")
                    .get("decisionId")
                    .asString();

            assertThat(firstAttemptError(plainDecision))
                    .contains("must be https", "http://127.0.0.1:" + port + "/hooks/benefits");
            assertThat(firstAttemptError(loopbackDecision))
                    .contains("not public", "https://localhost:" + port + "/hooks/benefits?token=***&x=***")
                    .doesNotContain("s3cret", "alice", "abc123");
            for (String decision : new String[] {plainDecision, loopbackDecision}) {
                assertThat(jdbc.sql("SELECT last_error FROM notice WHERE decision_id = ? AND channel = 'WEBHOOK'")
                                .param(decision)
                                .query(String.class)
                                .single())
                        .isEqualTo(WebhookChannel.REFUSED);
            }
            assertThat(receiver.calls()).isEmpty();
        }
    }

    private String firstAttemptError(String decisionId) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jdbc.sql("""
                        SELECT a.error FROM delivery_attempt a JOIN notice n USING (notice_id)
                        WHERE n.decision_id = ? AND n.channel = 'WEBHOOK' AND a.attempt = 1""")
                                .param(decisionId)
                                .query(String.class)
                                .optional()
                                .orElse(null),
                        error -> error != null);
    }
}
