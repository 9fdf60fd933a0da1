package io.mianshen.gateway.web;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker sends a request when its service fails or the breaker is open: 503
 * problem+json at once, so callers do not wait on a service that is down. Only reached by the gateway's
 * own forward (the security rules refuse it from outside).
 */
@RestController
class FallbackController {

    @RequestMapping("/fallback/unavailable")
    Mono<Void> unavailable(ServerWebExchange exchange) {
        if (BodyLimitFilter.exceeded(exchange)) {
            // the caller's body was cut off at the limit, not the service's failure: BodyLimitFilter answers 413
            return Mono.error(new BodyTooLarge("the streamed body passed the limit"));
        }
        return Problems.write(
                exchange.getResponse(),
                HttpStatus.SERVICE_UNAVAILABLE,
                "Service unavailable",
                "the service behind this route is not answering; try again later");
    }
}
