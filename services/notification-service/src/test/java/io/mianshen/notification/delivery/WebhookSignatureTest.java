package io.mianshen.notification.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {

    private static final String SECRET = "whsec_test-secret";
    private static final String BODY = "{\"noticeId\":\"n-1\",\"amount\":\"150000.00\",\"titleZh\":\"研发投入后补助\"}";
    private static final Instant SENT = Instant.parse("2026-11-28T08:00:00Z");

    @Test
    void aSignatureVerifiesWithTheSameSecretAndBody() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);

        assertThat(header).matches("t=\\d+,v1=[0-9a-f]{64}");
        assertThat(WebhookSignature.verify(SECRET, header, BODY, SENT.plusSeconds(30), Duration.ofMinutes(5)))
                .isTrue();
    }

    @Test
    void aChangedBodyAnotherSecretOrAnOldTimestampDoNotVerify() {
        String header = WebhookSignature.header(SECRET, SENT, BODY);

        assertThat(WebhookSignature.verify(
                        SECRET, header, BODY.replace("150000.00", "950000.00"), SENT, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify("whsec_other", header, BODY, SENT, Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(
                        SECRET, header, BODY, SENT.plus(Duration.ofMinutes(6)), Duration.ofMinutes(5)))
                .isFalse();
        assertThat(WebhookSignature.verify(SECRET, "v1=abc", BODY, SENT, Duration.ofMinutes(5)))
                .isFalse();
    }
}
