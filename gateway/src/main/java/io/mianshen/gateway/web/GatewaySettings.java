package io.mianshen.gateway.web;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The gateway's own limits ({@code mianshen.gateway.*}), checked at start: a bad value stops the gateway with a message
 * naming the setting and its environment variable.
 *
 * @param maxBodySize     larger bodies are 413 (a declared length at once, a streamed body when its bytes pass it)
 * @param maxUriLength    longer paths with their query are 414
 * @param discardLimit    after a 413, how much of a body still arriving is read and thrown away before the connection closes
 * @param discardPatience and for how long at most
 * @param rateLimit       the per-client token bucket
 */
@ConfigurationProperties("mianshen.gateway")
public record GatewaySettings(
        @DefaultValue("5MB") DataSize maxBodySize,
        @DefaultValue("8KB") DataSize maxUriLength,
        @DefaultValue("256MB") DataSize discardLimit,
        @DefaultValue("15s") Duration discardPatience,
        @DefaultValue RateLimit rateLimit) {

    public GatewaySettings {
        require(
                maxBodySize.toBytes() > 0,
                "mianshen.gateway.max-body-size",
                "GATEWAY_MAX_BODY_SIZE",
                "more than 0 bytes",
                maxBodySize);
        require(
                maxUriLength.toBytes() >= 256,
                "mianshen.gateway.max-uri-length",
                "GATEWAY_MAX_URI_LENGTH",
                "at least 256B",
                maxUriLength);
        require(
                discardLimit.toBytes() >= 0,
                "mianshen.gateway.discard-limit",
                "GATEWAY_DISCARD_LIMIT",
                "0 or more",
                discardLimit);
        require(
                !discardPatience.isNegative(),
                "mianshen.gateway.discard-patience",
                "GATEWAY_DISCARD_PATIENCE",
                "0 or more",
                discardPatience);
    }

    /**
     * @param burst     requests a client may make at once
     * @param perSecond requests a client may make each second after it
     * @param redisUrl  where the buckets are shared by every gateway instance (empty: in this instance's memory)
     */
    public record RateLimit(
            @DefaultValue("100") int burst,
            @DefaultValue("50") int perSecond,
            @DefaultValue("") String redisUrl) {
        public RateLimit {
            require(burst >= 1, "mianshen.gateway.rate-limit.burst", "GATEWAY_RATE_LIMIT_BURST", "at least 1", burst);
            require(
                    perSecond >= 1,
                    "mianshen.gateway.rate-limit.per-second",
                    "GATEWAY_RATE_LIMIT_PER_SECOND",
                    "at least 1",
                    perSecond);
            require(
                    redisUrl.isBlank() || redisUrl.matches("rediss?://\\S+"),
                    "mianshen.gateway.rate-limit.redis-url",
                    "MIANSHEN_REDIS_URL",
                    "empty or a redis:// URL",
                    redisUrl.replaceAll("//[^@/]*@", "//(credentials)@"));
        }
    }

    /** The gateway's own copy of the services' check (it does not share their libraries). */
    private static void require(boolean holds, String property, String variable, String rule, Object value) {
        if (!holds) {
            throw new IllegalArgumentException(
                    property + " (environment variable " + variable + ") must be " + rule + "; it is " + value);
        }
    }
}
