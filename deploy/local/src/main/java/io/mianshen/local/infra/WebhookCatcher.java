package io.mianshen.local.infra;

import com.sun.net.httpserver.HttpServer;
import io.mianshen.local.StackFailure;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An enterprise's system as the local stack imagines it: {@code http://localhost:8089/hooks/<uscc>} answers 204 to
 * every signed webhook the notification service sends and counts them.
 */
public final class WebhookCatcher implements AutoCloseable {

    private final HttpServer server;
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
                try (InputStream body = exchange.getRequestBody()) {
                    body.readAllBytes();
                }
                catcher.received.incrementAndGet();
                String signature = exchange.getRequestHeaders().getFirst("X-Mianshen-Signature");
                if (signature != null && signature.startsWith("t=") && signature.contains(",v1=")) {
                    catcher.signed.incrementAndGet();
                }
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
            return catcher;
        } catch (IOException e) {
            throw new StackFailure("the local webhook receiver did not start on port " + port + ": " + e.getMessage(), e);
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
