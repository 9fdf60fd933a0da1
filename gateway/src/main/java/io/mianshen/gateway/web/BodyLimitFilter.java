package io.mianshen.gateway.web;

import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Refuses oversize requests before they reach a service, without holding their bodies: a body larger than
 * {@code mianshen.gateway.max-body-size} gets 413, an address (path and query) longer than
 * {@code mianshen.gateway.max-uri-length} gets 414. The server reads request lines up to
 * {@code server.netty.max-initial-line-length} (128 KB), so that a long address gets this answer rather than a
 * closed connection.
 * <p>
 * A body that declares its length ({@code Content-Length}) over the limit is answered at once. A streamed
 * (chunked) body is counted as it passes to the service and cut off at the limit: the service's connection is
 * broken (it never takes a partial body for a whole one) and the caller gets the 413. Either way the caller may
 * still be sending: the 413 is sent complete, then the rest of the body is read and thrown away, up to
 * {@code mianshen.gateway.discard-limit} bytes or {@code mianshen.gateway.discard-patience}, before the connection
 * closes; closing on a caller still sending would reset the connection and lose the answer.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodyLimitFilter implements WebFilter {

    private static final String LIMITED_BODY = LimitedBody.class.getName();

    private final DataSize max;
    private final DataSize maxUri;
    private final DataSize discardLimit;
    private final Duration discardPatience;

    BodyLimitFilter(GatewaySettings settings) {
        this.max = settings.maxBodySize();
        this.maxUri = settings.maxUriLength();
        this.discardLimit = settings.discardLimit();
        this.discardPatience = settings.discardPatience();
    }

    /** Whether this exchange's streamed body went past the limit (a route's fallback must not answer it). */
    static boolean exceeded(ServerWebExchange exchange) {
        return exchange.getAttribute(LIMITED_BODY) instanceof LimitedBody body && body.exceeded();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        String query = request.getURI().getRawQuery();
        int uriLength = request.getURI().getRawPath().length() + (query == null ? 0 : query.length() + 1);
        if (uriLength > maxUri.toBytes()) {
            return Problems.write(
                    exchange.getResponse(),
                    HttpStatus.URI_TOO_LONG,
                    "Address too long",
                    "the path and query have " + uriLength + " characters; the gateway takes at most "
                            + maxUri.toBytes());
        }
        long declared = request.getHeaders().getContentLength();
        if (declared > max.toBytes()) {
            // a caller waiting for "100 Continue" has sent no body: nothing to read before closing
            Mono<Void> rest = expectsContinue(request) ? Mono.empty() : discard(request.getBody());
            return tooLarge(exchange, "the body has " + declared + " bytes", rest);
        }
        if (declared >= 0 || !streamsBody(request)) {
            // a declared length within the limit is held to by the server's HTTP decoder
            return chain.filter(exchange);
        }
        LimitedBody body = new LimitedBody(request.getBody(), max.toBytes(), discardLimit.toBytes());
        exchange.getAttributes().put(LIMITED_BODY, body);
        ServerHttpRequest limited = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return body.flux();
            }
        };
        return chain.filter(exchange.mutate().request(limited).build())
                .onErrorResume(
                        error -> body.exceeded() && !exchange.getResponse().isCommitted(),
                        error -> tooLarge(exchange, "the streamed body passed the limit", body.ended(discardPatience)));
    }

    /**
     * Sends the 413 whole, then keeps the exchange open until {@code rest} (the reading of what the caller still
     * sends) completes; the connection closes after that.
     */
    private Mono<Void> tooLarge(ServerWebExchange exchange, String what, Mono<Void> rest) {
        exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        return Problems.writeThen(
                exchange.getResponse(),
                HttpStatus.CONTENT_TOO_LARGE,
                "Request body too large",
                what + "; the gateway takes at most " + max.toBytes(),
                rest);
    }

    private Mono<Void> discard(Flux<DataBuffer> body) {
        long limit = discardLimit.toBytes();
        return body.map(buffer -> {
                    int bytes = buffer.readableByteCount();
                    DataBufferUtils.release(buffer);
                    return (long) bytes;
                })
                .scan(0L, Long::sum)
                .takeUntil(total -> total > limit)
                .then()
                .onErrorResume(error -> Mono.empty())
                .timeout(discardPatience, Mono.empty());
    }

    private static boolean expectsContinue(ServerHttpRequest request) {
        return "100-continue".equalsIgnoreCase(request.getHeaders().getFirst(HttpHeaders.EXPECT));
    }

    private static boolean streamsBody(ServerHttpRequest request) {
        return request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
