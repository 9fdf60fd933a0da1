package io.mianshen.intake.config;

import static io.mianshen.support.settings.SettingCheck.require;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Limits of HTTP intake ({@code mianshen.intake.*}), checked at start.
 *
 * @param maxBatch    events in one {@code POST /events/batch}
 * @param maxCsvRows  data rows in one {@code POST /events/csv}
 * @param sendTimeout how long to wait for Kafka to acknowledge one event before the request fails
 */
@ConfigurationProperties("mianshen.intake")
public record IntakeSettings(
        @DefaultValue("500") int maxBatch,
        @DefaultValue("10000") int maxCsvRows,
        @DefaultValue("15s") Duration sendTimeout) {

    public IntakeSettings {
        require(maxBatch >= 1, "mianshen.intake.max-batch", "INTAKE_MAX_BATCH", "at least 1", maxBatch);
        require(maxCsvRows >= 1, "mianshen.intake.max-csv-rows", "INTAKE_MAX_CSV_ROWS", "at least 1", maxCsvRows);
        require(
                sendTimeout.toMillis() >= 1,
                "mianshen.intake.send-timeout",
                "INTAKE_SEND_TIMEOUT",
                "at least 1ms",
                sendTimeout);
    }
}
