package io.mianshen.support.settings;

import static io.mianshen.support.settings.SettingCheck.require;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The settings of the plumbing every service shares ({@code mianshen.*}), checked at start.
 *
 * @param http     the service's own HTTP limits
 * @param shutdown how long stopping may take
 * @param openapi  how the OpenAPI description names the gateway
 * @param outbox   the outbox relay
 * @param security bearer-token rules beyond Spring's
 */
@ConfigurationProperties("mianshen")
public record SupportSettings(
        @DefaultValue Http http,
        @DefaultValue Shutdown shutdown,
        @DefaultValue Openapi openapi,
        @DefaultValue Outbox outbox,
        @DefaultValue Security security) {

    /** @param maxBodySize the largest request body the service takes; larger is 413 */
    public record Http(@DefaultValue("1MB") DataSize maxBodySize) {
        public Http {
            require(
                    maxBodySize.toBytes() > 0,
                    "mianshen.http.max-body-size",
                    "<SERVICE>_MAX_BODY_SIZE",
                    "more than 0 bytes",
                    maxBodySize);
        }
    }

    /**
     * @param limit         the longest a stop after SIGTERM takes before the process ends at once (0: unbounded)
     * @param producerClose how long a Kafka producer may take to close
     */
    public record Shutdown(
            @DefaultValue("7s") Duration limit,
            @DefaultValue("2s") Duration producerClose) {
        public Shutdown {
            require(!limit.isNegative(), "mianshen.shutdown.limit", "MIANSHEN_SHUTDOWN_LIMIT", "0 or more", limit);
            require(
                    !producerClose.isNegative(),
                    "mianshen.shutdown.producer-close",
                    "MIANSHEN_SHUTDOWN_PRODUCER_CLOSE",
                    "0 or more",
                    producerClose);
        }
    }

    /**
     * @param serverUrl     the gateway's public address, which "Try it out" calls ({@code MIANSHEN_PUBLIC_URL})
     * @param gatewayPrefix the service's route prefix on the gateway ({@code /api/intake} for intake)
     */
    public record Openapi(
            @DefaultValue("http://localhost:8080") String serverUrl,
            @DefaultValue("") String gatewayPrefix) {
        public Openapi {
            require(
                    serverUrl.matches("https?://[^\\s/]+(/\\S*)?"),
                    "mianshen.openapi.server-url",
                    "MIANSHEN_PUBLIC_URL",
                    "an http(s) URL",
                    serverUrl);
            require(
                    gatewayPrefix.isEmpty() || gatewayPrefix.matches("/[\\w/-]*[\\w-]"),
                    "mianshen.openapi.gateway-prefix",
                    "MIANSHEN_OPENAPI_GATEWAY_PREFIX",
                    "empty or a path such as /api/intake",
                    gatewayPrefix);
        }
    }

    /**
     * @param enabled      whether the service has an outbox
     * @param relayEnabled whether this instance publishes it
     * @param pollInterval the pause between the relay's looks at the outbox
     */
    public record Outbox(
            @DefaultValue("true") boolean enabled,
            @DefaultValue("true") boolean relayEnabled,
            @DefaultValue("100ms") Duration pollInterval) {
        public Outbox {
            require(
                    pollInterval.toMillis() >= 1,
                    "mianshen.outbox.poll-interval",
                    "MIANSHEN_OUTBOX_POLL_INTERVAL",
                    "at least 1ms",
                    pollInterval);
        }
    }

    /** @param maxTokenLifetime the longest {@code exp - iat} a token may have */
    public record Security(@DefaultValue("12h") Duration maxTokenLifetime) {
        public Security {
            require(
                    maxTokenLifetime.toSeconds() >= 1,
                    "mianshen.security.max-token-lifetime",
                    "MIANSHEN_MAX_TOKEN_LIFETIME",
                    "at least 1s",
                    maxTokenLifetime);
        }
    }
}
