package io.mianshen.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.mianshen.testsupport.TestTokens;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway's body limit at its default (5 MiB) against callers that keep sending: declared and streamed
 * (chunked) bodies over the limit get a 413 problem that Java's HttpClient and curl both read, no service
 * receives a cut-off body as whole, the gateway's direct memory stays bounded for a 200 MB stream, and the next
 * request is served.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BodyLimitIT {

    private static final int MIB = 1024 * 1024;
    /** Sizes of the bodies the stub service read to their end. */
    private static final List<Long> WHOLE_BODIES = new CopyOnWriteArrayList<>();

    private static final HttpServer SERVICES = services();

    @DynamicPropertySource
    static void serviceUrls(DynamicPropertyRegistry registry) {
        String services = "http://127.0.0.1:" + SERVICES.getAddress().getPort();
        registry.add("ELIGIBILITY_SERVICE_URL", () -> services);
        registry.add("NOTIFICATION_SERVICE_URL", () -> services);
        registry.add("INTAKE_SERVICE_URL", () -> services);
        registry.add("AUDIT_SERVICE_URL", () -> services);
    }

    @AfterAll
    static void stop() {
        SERVICES.stop(0);
    }

    @LocalServerPort
    int port;

    @Autowired
    CircuitBreakerRegistry breakers;

    private final HttpClient client =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void aDeclaredBodyOverTheLimitIs413ForAJavaClientStillSendingIt() throws Exception {
        HttpResponse<String> response = client.send(
                post("/api/intake/events/batch")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * MIB]))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertTooLarge(response);
        assertThat(WHOLE_BODIES).noneMatch(size -> size > 5 * MIB);
        assertNextRequestIsServed();
    }

    @Test
    void aStreamedBodyOverTheLimitIs413AndTheServiceNeverGetsItWhole() throws Exception {
        HttpResponse<String> response = client.send(
                post("/api/intake/events/csv?type=gov.tax.credit-rating.v1")
                        .POST(chunked(6L * MIB))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertTooLarge(response);
        assertThat(WHOLE_BODIES).noneMatch(size -> size > 5 * MIB);
        assertThat(breakers.circuitBreaker("intake").getMetrics().getNumberOfFailedCalls())
                .as("the caller's body, not the intake service, failed")
                .isZero();
        assertNextRequestIsServed();
    }

    @Test
    void aStreamOf200MegabytesIs413WithTheGatewaysDirectMemoryBounded() throws Exception {
        AtomicLong peak = new AtomicLong();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(
                () -> peak.accumulateAndGet(PlatformDependent.usedDirectMemory(), Math::max),
                0,
                5,
                TimeUnit.MILLISECONDS);
        long before = PlatformDependent.usedDirectMemory();
        try {
            HttpResponse<String> response = client.send(
                    post("/api/intake/events/csv?type=gov.tax.credit-rating.v1")
                            .POST(chunked(200L * MIB))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTooLarge(response);
        } finally {
            sampler.shutdownNow();
        }

        assertThat(before).as("Netty counts its direct memory in this JVM").isGreaterThanOrEqualTo(0);
        assertThat(peak.get() - before)
                .as("direct memory the 200 MB stream took at its peak")
                .isLessThan(64L * MIB);
        assertThat(WHOLE_BODIES).noneMatch(size -> size > 5 * MIB);
        assertNextRequestIsServed();
    }

    @Test
    void curlSendingADeclaredOrAStreamedBodyOverTheLimitReads413(@TempDir Path folder) throws Exception {
        Path file = folder.resolve("oversize.json");
        Files.write(file, new byte[6 * MIB]);
        String url = "http://localhost:" + port + "/api/intake/events/batch";
        List<String> asked = List.of(
                // curl's own way for a large body: "Expect: 100-continue", then the body unless answered first
                "",
                // the body sent straight after the headers
                "Expect:",
                // streamed: no length declared
                "Transfer-Encoding: chunked");
        for (String header : asked) {
            // bounded: a gateway that stops reading a caller's body without answering fails here instead of hanging the
            // build
            List<String> command = new ArrayList<>(List.of(
                    "curl",
                    "-sS",
                    "--max-time",
                    "60",
                    "-o",
                    folder.resolve("answer").toString(),
                    "-w",
                    "%{http_code}",
                    "-H",
                    "Authorization: Bearer " + TestTokens.feed(),
                    "-H",
                    "Content-Type: application/json",
                    "--data-binary",
                    "@" + file,
                    url));
            if (!header.isEmpty()) {
                command.addAll(List.of("-H", header));
            }
            Process curl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String printed = new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(curl.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(curl.exitValue())
                    .as("curl with '" + header + "': " + printed)
                    .isZero();
            assertThat(printed).as("curl with '" + header + "'").isEqualTo("413");
            assertThat(Files.readString(folder.resolve("answer"))).contains("Request body too large");
        }
        assertNextRequestIsServed();
    }

    private void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"title\":\"Request body too large\"", "5242880");
    }

    private void assertNextRequestIsServed() throws Exception {
        HttpResponse<String> next = client.send(
                post("/api/intake/events")
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.body()).contains("\"ok\":true");
    }

    private HttpRequest.Builder post(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + TestTokens.feed())
                .header("Content-Type", "application/json");
    }

    /** A body of {@code size} bytes with no declared length: Java's HttpClient sends it chunked. */
    private static HttpRequest.BodyPublisher chunked(long size) {
        return HttpRequest.BodyPublishers.ofInputStream(() -> new InputStream() {
            private long left = size;

            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] into, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(into, offset, offset + n, (byte) 'x');
                left -= n;
                return n;
            }
        });
    }

    private static HttpServer services() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                try {
                    WHOLE_BODIES.add((long) exchange.getRequestBody().readAllBytes().length);
                    byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                } catch (IOException e) {
                    // the gateway broke off a body it cut at the limit: nothing to answer
                } finally {
                    exchange.close();
                }
            });
            server.setExecutor(Executors.newCachedThreadPool(task -> {
                Thread thread = new Thread(task, "stub-service");
                thread.setDaemon(true);
                return thread;
            }));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
