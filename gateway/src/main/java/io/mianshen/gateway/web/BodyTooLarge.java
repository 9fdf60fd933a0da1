package io.mianshen.gateway.web;

/**
 * A request body over the gateway's limit. Answered 413 by {@link BodyLimitFilter}; a route's circuit breaker
 * neither counts it as the service's failure nor answers it with its fallback.
 */
public final class BodyTooLarge extends RuntimeException {

    BodyTooLarge(String detail) {
        super(detail, null, false, false);
    }
}
