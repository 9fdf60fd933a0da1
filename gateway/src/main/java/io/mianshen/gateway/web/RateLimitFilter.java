package io.mianshen.gateway.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A token bucket per client (the token's subject, or the remote address without a token), in this
 * gateway's memory: {@code burst} requests at once, refilled at {@code per-second}. Beyond it: 429
 * problem+json with {@code Retry-After}. (Several gateway instances would each keep their own buckets; a
 * shared store such as Redis is not built yet.) Runs after the security filters, so it knows the subject.
 */
@Component
class RateLimitFilter implements WebFilter, org.springframework.core.Ordered {

    /** A token is a million units, so that refills are exact integers. */
    private static final long UNIT = 1_000_000;

    private final long burst;
    private final long perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    RateLimitFilter(@Value("${mianshen.gateway.rate-limit.burst:100}") int burst,
                    @Value("${mianshen.gateway.rate-limit.per-second:50}") int perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
    }

    @Override
    public int getOrder() {
        // after Spring Security's WebFilterChainProxy (-100)
        return 0;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().value().startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        return exchange.getPrincipal().map(Principal::getName).map(name -> "subject:" + name)
                .defaultIfEmpty("address:" + address(exchange))
                .flatMap(client -> {
                    long waitSeconds = bucket(client).take(System.nanoTime());
                    if (waitSeconds == 0) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(waitSeconds));
                    return Problems.write(exchange.getResponse(), HttpStatus.TOO_MANY_REQUESTS, "Too many requests",
                            "this client may send " + burst + " requests at once and " + perSecond + " per second; retry after "
                                    + waitSeconds + " s");
                });
    }

    private Bucket bucket(String client) {
        if (requests.incrementAndGet() % 10_000 == 0) {
            long now = System.nanoTime();
            buckets.values().removeIf(b -> b.idleLongerThan(now, 600_000_000_000L));
        }
        return buckets.computeIfAbsent(client, c -> new Bucket());
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    private final class Bucket {
        private long units = burst * UNIT;
        private long last = System.nanoTime();

        /** Takes a token: 0 when there was one, otherwise the whole seconds until there is. */
        synchronized long take(long now) {
            long elapsed = Math.min(now - last, 1_000_000_000_000L);
            units = Math.min(burst * UNIT, units + elapsed * perSecond / 1_000);
            last = now;
            if (units >= UNIT) {
                units -= UNIT;
                return 0;
            }
            long missing = UNIT - units;
            return Math.max(1, (missing + perSecond * UNIT - 1) / (perSecond * UNIT));
        }

        synchronized boolean idleLongerThan(long now, long nanos) {
            return now - last > nanos;
        }
    }
}
