package io.mianshen.gateway.web;

import java.nio.charset.StandardCharsets;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Writes RFC 9457 problem details as the gateway's own answers, with the request's {@code traceId} when it has one. */
public final class Problems {

    private Problems() {}

    public static Mono<Void> write(ServerHttpResponse response, HttpStatus status, String title, String detail) {
        return response.writeWith(Mono.just(problem(response, status, title, detail)));
    }

    /**
     * Writes the problem whole (its length declared, so the caller can read it at once), then ends the response
     * only when {@code before} completes.
     */
    static Mono<Void> writeThen(
            ServerHttpResponse response, HttpStatus status, String title, String detail, Mono<Void> before) {
        DataBuffer buffer = problem(response, status, title, detail);
        response.getHeaders().setContentLength(buffer.readableByteCount());
        return response.writeWith(Flux.concat(Mono.just(buffer), before.then(Mono.empty())));
    }

    private static DataBuffer problem(ServerHttpResponse response, HttpStatus status, String title, String detail) {
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String traceId = response.getHeaders().getFirst(RequestIdFilter.TRACE_HEADER);
        String body = "{\"type\":\"about:blank\",\"title\":\"" + escape(title) + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + escape(detail) + "\""
                + (traceId == null ? "" : ",\"traceId\":\"" + escape(traceId) + "\"") + "}";
        return response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
