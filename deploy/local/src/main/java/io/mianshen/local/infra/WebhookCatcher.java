package io.mianshen.local.infra;

import com.sun.net.httpserver.HttpServer;
import io.mianshen.local.StackFailure;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An enterprise's system as the local stack imagines it: {@code http://localhost:8089/hooks/<uscc>} answers 204 to
 * every signed webhook the notification service sends and counts them; {@code GET} on the same address lists the last
 * {@value #KEPT} received for that enterprise, oldest first, each with its headers and its body exactly as received,
 * so that a newcomer can verify a signature (docs/services.md, "Verifying a webhook") without a receiver of their own.
 */
public final class WebhookCatcher implements AutoCloseable {

    /** How many webhooks are kept per enterprise. */
    static final int KEPT = 100;

    private static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    /**
     * A webhook as received.
     *
     * @param signature the {@code X-Mianshen-Signature} header
     * @param body      the body, exactly as received (UTF-8)
     */
    record Received(String receivedAt, String noticeId, String signature, String body) {}

    private final HttpServer server;
    private final java.util.Map<String, java.util.Deque<Received>> kept =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicInteger signed = new AtomicInteger();

    private WebhookCatcher(HttpServer server) {
        this.server = server;
    }

    public static WebhookCatcher start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("localhost", port), 50);
            WebhookCatcher catcher = new WebhookCatcher(server);
            server.createContext("/hooks/", exchange -> {
                String uscc = exchange.getRequestURI().getPath().substring("/hooks/".length());
                if (exchange.getRequestMethod().equals("GET")) {
                    java.util.Deque<Received> ofEnterprise =
                            catcher.kept.getOrDefault(uscc, new java.util.ArrayDeque<>());
                    byte[] list;
                    synchronized (ofEnterprise) {
                        list = JSON.writeValueAsBytes(java.util.List.copyOf(ofEnterprise));
                    }
                    exchange.getResponseHeaders().set("Content-Type", "application/json");
                    exchange.sendResponseHeaders(200, list.length);
                    exchange.getResponseBody().write(list);
                    exchange.close();
                    return;
                }
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                catcher.received.incrementAndGet();
                String signature = exchange.getRequestHeaders().getFirst("X-Mianshen-Signature");
                if (signature != null && signature.startsWith("t=") && signature.contains(",v1=")) {
                    catcher.signed.incrementAndGet();
                }
                java.util.Deque<Received> ofEnterprise =
                        catcher.kept.computeIfAbsent(uscc, u -> new java.util.ArrayDeque<>());
                synchronized (ofEnterprise) {
                    ofEnterprise.addLast(new Received(
                            java.time.Instant.now().toString(),
                            exchange.getRequestHeaders().getFirst("X-Mianshen-Notice-Id"),
                            signature,
                            new String(body, java.nio.charset.StandardCharsets.UTF_8)));
                    while (ofEnterprise.size() > KEPT) {
                        ofEnterprise.removeFirst();
                    }
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return catcher;
        } catch (IOException e) {
            throw new StackFailure(
                    "the local webhook receiver did not start on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** The address an enterprise registers as its webhook URL. */
    public static String urlFor(String uscc, int port) {
        return "http://localhost:" + port + "/hooks/" + uscc;
    }

    public int received() {
        return received.get();
    }

    /** How many carried an {@code X-Mianshen-Signature} header. */
    public int signed() {
        return signed.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
