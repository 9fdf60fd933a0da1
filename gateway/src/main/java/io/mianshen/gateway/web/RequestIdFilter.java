package io.mianshen.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Gives every request an {@code X-Request-Id} (the caller's, if it is a sane one, or a new UUID), passes it
 * to the service and returns it in the response once (the service's copy of it replaced), so one request can be followed
 * through every log.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

    static final String HEADER = "X-Request-Id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,64}") ? given : UUID.randomUUID().toString();
        ServerWebExchange withId = exchange.mutate().request(request -> request.headers(headers -> headers.set(HEADER, id))).build();
        // set when the answer is committed, so that the service's own X-Request-Id, copied in by the routing, is not a second one
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        return chain.filter(withId);
    }
}
