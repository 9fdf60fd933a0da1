package io.mianshen.gateway.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** Refuses a body larger than {@code mianshen.gateway.max-body-size} with 413 before it reaches a service. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class BodyLimitFilter implements WebFilter {

    private final DataSize max;

    BodyLimitFilter(@Value("${mianshen.gateway.max-body-size:5MB}") DataSize max) {
        this.max = max;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > max.toBytes()) {
            return Problems.write(exchange.getResponse(), HttpStatus.CONTENT_TOO_LARGE, "Request body too large",
                    "the body has " + length + " bytes; the gateway takes at most " + max.toBytes());
        }
        return chain.filter(exchange);
    }
}
