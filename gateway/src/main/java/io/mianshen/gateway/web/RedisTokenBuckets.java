package io.mianshen.gateway.web;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis, shared by every gateway instance: one hash per client, updated atomically by a Lua
 * script that reads Redis's own clock (so instances need not agree on the time) and expires idle buckets after
 * ten minutes. While Redis cannot be reached, each instance falls back to its own buckets in memory (clients stay
 * limited, per instance) and keeps trying to reconnect.
 */
final class RedisTokenBuckets implements TokenBuckets, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTokenBuckets.class);
    private static final String KEY_PREFIX = "mianshen:rate:";
    /**
     * KEYS[1] the bucket; ARGV: burst (units), refill (units per millisecond), one token (units). Returns 0 when a
     * token was taken, else the whole seconds until one is there. Units are integers below 2^53, exact in Lua.
     */
    private static final String TAKE = """
            local burst = tonumber(ARGV[1])
            local refill = tonumber(ARGV[2])
            local unit = tonumber(ARGV[3])
            local clock = redis.call('TIME')
            local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'units', 'last')
            local units = tonumber(state[1]) or burst
            local last = tonumber(state[2]) or now
            units = math.min(burst, units + math.max(0, now - last) * refill)
            local wait = 0
            if units >= unit then
              units = units - unit
            else
              wait = math.max(1, math.ceil((unit - units) / (refill * 1000)))
            end
            redis.call('HSET', KEYS[1], 'units', units, 'last', now)
            redis.call('PEXPIRE', KEYS[1], 600000)
            return wait
            """;

    private final RedisClient client;
    private final LocalTokenBuckets fallback;
    private final String[] arguments;
    private final String address;
    private final ScheduledExecutorService reconnect = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "rate-limit-redis-reconnect");
        thread.setDaemon(true);
        return thread;
    });
    private volatile StatefulRedisConnection<String, String> connection;

    RedisTokenBuckets(String url, long burst, long perSecond, LocalTokenBuckets fallback) {
        this.client = RedisClient.create(url);
        this.client.setDefaultTimeout(Duration.ofMillis(500));
        this.fallback = fallback;
        this.address = url.replaceAll("//[^@/]*@", "//***@");
        this.arguments = new String[] {
            Long.toString(burst * LocalTokenBuckets.UNIT),
            Long.toString(perSecond * 1_000),
            Long.toString(LocalTokenBuckets.UNIT)
        };
        connect();
    }

    private void connect() {
        try {
            connection = client.connect();
            log.info("rate limits kept in Redis at {}", address);
        } catch (RuntimeException e) {
            log.warn(
                    "Redis at {} cannot be reached ({}); rate limits kept in memory until it can",
                    address,
                    e.getMessage());
            reconnect.schedule(this::connect, 5, TimeUnit.SECONDS);
        }
    }

    @Override
    public Mono<Long> take(String client) {
        StatefulRedisConnection<String, String> current = connection;
        if (current == null) {
            return fallback.take(client);
        }
        return current.reactive()
                .<Long>eval(TAKE, ScriptOutputType.INTEGER, new String[] {KEY_PREFIX + client}, arguments)
                .next()
                .onErrorResume(e -> {
                    log.warn("Redis rate limit failed ({}); this request is limited in memory", e.getMessage());
                    return fallback.take(client);
                });
    }

    @Override
    public String description() {
        return "in Redis at " + address + ", shared by every gateway instance";
    }

    @Override
    public void close() {
        reconnect.shutdownNow();
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown();
    }
}
