package io.mianshen.notification;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An enterprise's webhook endpoint on a local port: records every call, and answers with an error status
 * for the first {@code failures} calls (or every call) before answering 204.
 */
public final class WebhookReceiver implements AutoCloseable {

    /** A call as received. */
    public record Call(String body, String signature, String noticeId) {}

    private final HttpServer server;
    private final List<Call> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft;
    private final int errorStatus;

    private final CountDownLatch closed = new CountDownLatch(1);

    private WebhookReceiver(int failures, int errorStatus, boolean stall) {
        this.failuresLeft = new AtomicInteger(failures);
        this.errorStatus = errorStatus;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/hooks/benefits", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            calls.add(new Call(
                    body,
                    exchange.getRequestHeaders().getFirst("X-Mianshen-Signature"),
                    exchange.getRequestHeaders().getFirst("X-Mianshen-Notice-Id")));
            if (stall) {
                // 200 and the start of a body, then nothing until the receiver is closed
                exchange.sendResponseHeaders(200, 0);
                exchange.getResponseBody().write('{');
                exchange.getResponseBody().flush();
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? errorStatus : 204, -1);
            exchange.close();
        });
        server.start();
    }

    /** An endpoint that answers 200 and the first byte of a body, then stalls until closed. */
    public static WebhookReceiver stalling() {
        return new WebhookReceiver(0, 200, true);
    }

    /** An endpoint that always accepts. */
    public static WebhookReceiver accepting() {
        return new WebhookReceiver(0, 204, false);
    }

    /** An endpoint that answers {@code status} to the first {@code failures} calls, then accepts. */
    public static WebhookReceiver failingFirst(int failures, int status) {
        return new WebhookReceiver(failures, status, false);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks/benefits";
    }

    public List<Call> calls() {
        return List.copyOf(calls);
    }

    @Override
    public void close() {
        closed.countDown();
        server.stop(0);
    }
}
