package io.mianshen.gateway.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Token buckets in this gateway's memory: exact integer arithmetic (a token is a million units), buckets idle for
 * ten minutes forgotten. Several gateway instances each keep their own.
 */
final class LocalTokenBuckets implements TokenBuckets {

    /** A token is a million units, so that refills are exact integers. */
    static final long UNIT = 1_000_000;

    private final long burst;
    private final long perSecond;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();

    LocalTokenBuckets(long burst, long perSecond) {
        this.burst = burst;
        this.perSecond = perSecond;
    }

    @Override
    public Mono<Long> take(String client) {
        return Mono.just(takeNow(client));
    }

    long takeNow(String client) {
        if (requests.incrementAndGet() % 10_000 == 0) {
            long now = System.nanoTime();
            buckets.values().removeIf(b -> b.idleLongerThan(now, 600_000_000_000L));
        }
        return buckets.computeIfAbsent(client, c -> new Bucket()).take(System.nanoTime());
    }

    @Override
    public String description() {
        return "in memory (burst " + burst + ", " + perSecond + " per second)";
    }

    private final class Bucket {
        private long units = burst * UNIT;
        private long last = System.nanoTime();

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
