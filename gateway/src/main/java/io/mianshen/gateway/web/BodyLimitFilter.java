package io.mianshen.gateway.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses oversize requests before they reach a service: a body larger than {@code mianshen.gateway.max-body-size}
 * with 413 (and the connection closed, as the body is not read), an address (path and query) longer than
 * {@code mianshen.gateway.max-uri-length} with 414. The server reads request lines up to
 * {@code server.netty.max-initial-line-length} (128 KB), so that a long address gets this answer rather than a
 * closed connection.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodyLimitFilter implements WebFilter {

    private final DataSize max;
    private final DataSize maxUri;

    BodyLimitFilter(@Value("${mianshen.gateway.max-body-size:5MB}") DataSize max,
                    @Value("${mianshen.gateway.max-uri-length:8KB}") DataSize maxUri) {
        this.max = max;
        this.maxUri = maxUri;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String query = exchange.getRequest().getURI().getRawQuery();
        int uriLength = exchange.getRequest().getURI().getRawPath().length() + (query == null ? 0 : query.length() + 1);
        if (uriLength > maxUri.toBytes()) {
            return Problems.write(exchange.getResponse(), HttpStatus.URI_TOO_LONG, "Address too long",
                    "the path and query have " + uriLength + " characters; the gateway takes at most " + maxUri.toBytes());
        }
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > max.toBytes()) {
            // the body is left unread: the connection closes after the answer, so that no client sends its next
            // request on a connection whose earlier body is still arriving
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
            return Problems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    "the body has " + length + " bytes; the gateway takes at most " + max.toBytes());
        }
        return chain.filter(exchange);
    }
}
