package io.mianshen.intake.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The intake service's own limits, behind the gateway's: a body over 5 MB, declared or streamed, is 413
 * problem+json; a CSV over its row limit is refused while it is read, naming the limit; the next request is served.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mianshen.intake.max-csv-rows=100")
@RealInfrastructure(database = "intake")
class IntakeLimitsIT {

    @LocalServerPort
    int port;

    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aStreamedBodyOverTheLimitIs413AndNothingPastItIsHeld() throws Exception {
        byte[] body = ("[" + "{\"id\":\"x\"},".repeat(600_000) + "{}]").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = client.send(
                post("/events/batch", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).contains("application/problem+json");
        assertThat(response.body()).contains("5242880");
        assertNextRequestIsServed();
    }

    @Test
    void aDeclaredBodyOverTheLimitIs413BeforeItIsRead() throws Exception {
        HttpResponse<String> response = client.send(
                post("/events", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("Request body too large", "6291456");
    }

    @Test
    void aCsvOverItsRowLimitIsRefusedWhileItIsReadNamingTheLimit() throws Exception {
        StringBuilder csv = new StringBuilder("time,uscc,year,rating\n");
        for (int i = 0; i < 150; i++) {
            csv.append("2024-04-15T09:00:00+08:00,91370100MA3C0QXJ4F,2023,A\n");
        }
        HttpResponse<String> response = client.send(
                post("/events/csv?type=gov.tax.credit-rating.v1&source=/feeds/tax/370000", "text/csv")
                        .POST(HttpRequest.BodyPublishers.ofString(csv.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.body()).contains("more than 100 data rows", "reading stopped at line 102");
        assertNextRequestIsServed();
    }

    private void assertNextRequestIsServed() throws Exception {
        HttpResponse<String> next = client.send(
                post("/events", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(400);
    }

    private HttpRequest.Builder post(String path, String contentType) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + TestTokens.feed())
                .header("Content-Type", contentType);
    }
}
