package io.mianshen.gateway.web;

import java.net.InetSocketAddress;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A token bucket per client (the token's subject, or the remote address without a token): {@code burst}
 * requests at once, refilled at {@code per-second}. Beyond it: 429 problem+json with {@code Retry-After}. The
 * buckets live in Redis when {@code mianshen.gateway.rate-limit.redis-url} is set (shared by every gateway
 * instance), in this gateway's memory otherwise. Runs after the security filters, so it knows the subject.
 */
@Component
class RateLimitFilter implements WebFilter, org.springframework.core.Ordered, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RateLimitFilter.class);

    private final long burst;
    private final long perSecond;
    private final TokenBuckets buckets;

    RateLimitFilter(GatewaySettings settings) {
        int burst = settings.rateLimit().burst();
        int perSecond = settings.rateLimit().perSecond();
        String redisUrl = settings.rateLimit().redisUrl();
        this.burst = burst;
        this.perSecond = perSecond;
        LocalTokenBuckets local = new LocalTokenBuckets(burst, perSecond);
        this.buckets = redisUrl == null || redisUrl.isBlank()
                ? local
                : new RedisTokenBuckets(redisUrl, burst, perSecond, local);
        log.info("rate limits: {}", buckets.description());
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
        return exchange.getPrincipal()
                .map(Principal::getName)
                .map(name -> "subject:" + name)
                .defaultIfEmpty("address:" + address(exchange))
                .flatMap(buckets::take)
                .flatMap(waitSeconds -> {
                    if (waitSeconds == 0) {
                        return chain.filter(exchange);
                    }
                    exchange.getResponse().getHeaders().set("Retry-After", Long.toString(waitSeconds));
                    return Problems.write(
                            exchange.getResponse(),
                            HttpStatus.TOO_MANY_REQUESTS,
                            "Too many requests",
                            "this client may send " + burst + " requests at once and " + perSecond
                                    + " per second; retry after " + waitSeconds + " s");
                });
    }

    private static String address(ServerWebExchange exchange) {
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        return remote == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    @Override
    public void destroy() throws Exception {
        if (buckets instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
