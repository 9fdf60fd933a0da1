package io.mianshen.eligibility.config;

import static io.mianshen.support.settings.SettingCheck.require;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The eligibility service's own settings ({@code mianshen.*}; the shared ones are
 * {@link io.mianshen.support.settings.SupportSettings} and {@link io.mianshen.support.kafka.KafkaSettings}), checked
 * at start: a bad value stops the service naming it and its environment variable.
 *
 * @param decisions the deciders that take the queue of enterprises to re-decide
 * @param publicity the publicity (公示) window's calendar, objection caps and finality sweep
 * @param policies  where the policy pack comes from and how often published versions are looked for
 */
@ConfigurationProperties("mianshen")
public record EligibilitySettings(
        @DefaultValue Decisions decisions,
        @DefaultValue Publicity publicity,
        @DefaultValue Policies policies) {

    /**
     * @param threads  decider threads of this instance (0: it only takes facts in)
     * @param batch    queue rows per decider transaction
     * @param idlePoll how often an idle decider looks for work of other instances and retries
     */
    public record Decisions(
            @DefaultValue("2") int threads,
            @DefaultValue("500") int batch,
            @DefaultValue("500ms") Duration idlePoll) {
        public Decisions {
            require(threads >= 0, "mianshen.decisions.threads", "ELIGIBILITY_DECIDER_THREADS", "0 or more", threads);
            require(batch >= 1, "mianshen.decisions.batch", "ELIGIBILITY_DECIDER_BATCH", "at least 1", batch);
            require(
                    idlePoll.toMillis() >= 1,
                    "mianshen.decisions.idle-poll",
                    "ELIGIBILITY_DECIDER_IDLE_POLL",
                    "at least 1ms",
                    idlePoll);
        }
    }

    /**
     * @param calendarFile               China's working days, when not the bundled calendar (empty: bundled)
     * @param objectionsPerGrantPerDay   public objections one grant takes each day
     * @param objectionsPerContactPerDay public objections one contact may raise each day
     * @param finalityInterval           the pause between finality sweeps
     * @param finalityDelay              the wait before the first sweep after start
     */
    public record Publicity(
            @DefaultValue("") String calendarFile,
            @DefaultValue("20") int objectionsPerGrantPerDay,
            @DefaultValue("3") int objectionsPerContactPerDay,
            @DefaultValue("60s") Duration finalityInterval,
            @DefaultValue("5s") Duration finalityDelay) {
        public Publicity {
            require(
                    objectionsPerGrantPerDay >= 1,
                    "mianshen.publicity.objections-per-grant-per-day",
                    "MIANSHEN_PUBLICITY_OBJECTIONS_PER_GRANT_PER_DAY",
                    "at least 1",
                    objectionsPerGrantPerDay);
            require(
                    objectionsPerContactPerDay >= 1,
                    "mianshen.publicity.objections-per-contact-per-day",
                    "MIANSHEN_PUBLICITY_OBJECTIONS_PER_CONTACT_PER_DAY",
                    "at least 1",
                    objectionsPerContactPerDay);
            require(
                    finalityInterval.toMillis() >= 1,
                    "mianshen.publicity.finality-interval",
                    "MIANSHEN_PUBLICITY_FINALITY_INTERVAL",
                    "at least 1ms",
                    finalityInterval);
            require(
                    !finalityDelay.isNegative(),
                    "mianshen.publicity.finality-delay",
                    "MIANSHEN_PUBLICITY_FINALITY_DELAY",
                    "0 or more",
                    finalityDelay);
        }
    }

    /**
     * @param directory       a folder of policy files with an {@code index.txt} (empty: the bundled pack)
     * @param refreshInterval how often versions published through another instance are looked for
     */
    public record Policies(
            @DefaultValue("") String directory,
            @DefaultValue("5s") Duration refreshInterval) {
        public Policies {
            require(
                    refreshInterval.toMillis() >= 1,
                    "mianshen.policies.refresh-interval",
                    "MIANSHEN_POLICIES_REFRESH_INTERVAL",
                    "at least 1ms",
                    refreshInterval);
        }
    }
}
