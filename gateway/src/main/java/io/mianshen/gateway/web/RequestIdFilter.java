package io.mianshen.gateway.web;

import io.micrometer.tracing.handler.TracingObservationHandler;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Gives every request an {@code X-Request-Id} (the caller's, if it is a sane one, or a new UUID), passes it
 * to the service and returns it in the response once (the service's copy of it replaced), so one request can be followed
 * through every log. The answer also carries {@code X-Trace-Id}: the trace the gateway and the services record the
 * request in (the services continue the gateway's {@code traceparent}), also in every problem the gateway writes.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestIdFilter implements WebFilter {

    static final String HEADER = "X-Request-Id";
    /** The response header naming the request's trace (32 hex digits). */
    static final String TRACE_HEADER = "X-Trace-Id";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(HEADER);
        String id = given != null && given.matches("[A-Za-z0-9._:-]{1,64}")
                ? given
                : UUID.randomUUID().toString();
        ServerWebExchange withId = exchange.mutate()
                .request(request -> request.headers(headers -> headers.set(HEADER, id)))
                .build();
        // set when the answer is committed, so that the service's own X-Request-Id, copied in by the routing, is not a
        // second one
        withId.getResponse().beforeCommit(() -> {
            withId.getResponse().getHeaders().set(HEADER, id);
            return Mono.empty();
        });
        traceId(exchange).ifPresent(traceId -> withId.getResponse().getHeaders().set(TRACE_HEADER, traceId));
        return chain.filter(withId);
    }

    /** The trace id of the request's observation, once tracing has started its span. */
    private static java.util.Optional<String> traceId(ServerWebExchange exchange) {
        return ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(context -> (TracingObservationHandler.TracingContext)
                        context.get(TracingObservationHandler.TracingContext.class))
                .map(tracing -> tracing.getSpan())
                .map(span -> span.context().traceId());
    }
}
