package io.mianshen.gateway.web;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * A service that is down or too slow is answered by the gateway itself: 503 problem+json naming the route,
 * within the connect timeout (a refused connection answers at once).
 */
@Component
@Order(-2)
class UnavailableServiceHandler implements ErrorWebExceptionHandler {

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(error);
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof TimeoutException
                    || cause.getClass().getName().equals("io.netty.channel.ConnectTimeoutException")
                    || (cause instanceof ResponseStatusException status
                            && status.getStatusCode().value() == 504)) {
                return Problems.write(
                        exchange.getResponse(),
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Service unavailable",
                        "the service behind " + exchange.getRequest().getPath() + " does not answer; try again later");
            }
        }
        return Mono.error(error);
    }
}
