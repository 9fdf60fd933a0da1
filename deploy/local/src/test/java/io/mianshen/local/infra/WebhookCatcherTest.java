package io.mianshen.local.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The local webhook receiver answers the notification service and lets a newcomer read back what it received. */
class WebhookCatcherTest {

    @Test
    void aWebhookReceivedIsListedBackWithItsSignatureAndBodyAsReceived() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        try (WebhookCatcher catcher = WebhookCatcher.start(port)) {
            HttpClient http = HttpClient.newHttpClient();
            URI hook = URI.create(WebhookCatcher.urlFor("91370100MA3C0QXJ4F", port));
            String body = "{\"noticeId\":\"n-1\",\"titleZh\":\"研发投入后补助\"}";
            HttpResponse<String> sent = http.send(
                    HttpRequest.newBuilder(hook)
                            .header("X-Mianshen-Signature", "t=1700000000,v1=abc")
                            .header("X-Mianshen-Notice-Id", "n-1")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).isEqualTo(204);

            HttpResponse<String> listed =
                    http.send(HttpRequest.newBuilder(hook).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).isEqualTo(200);
            JsonNode received = JsonMapper.builder().build().readTree(listed.body());
            assertThat(received).singleElement().satisfies(webhook -> {
                assertThat(webhook.get("signature").asString()).isEqualTo("t=1700000000,v1=abc");
                assertThat(webhook.get("noticeId").asString()).isEqualTo("n-1");
                assertThat(webhook.get("body").asString()).isEqualTo(body);
            });
            assertThat(catcher.received()).isEqualTo(1);
            assertThat(catcher.signed()).isEqualTo(1);
            // another enterprise's address has received nothing
            assertThat(http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create(WebhookCatcher.urlFor("913702118D0YJFMWKN", port)))
                                            .GET()
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body())
                    .isEqualTo("[]");
        }
    }
}
