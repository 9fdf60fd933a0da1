package io.mianshen.intake.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Limits of HTTP intake ({@code mianshen.intake.*}).
 *
 * @param maxBatch    events in one {@code POST /events/batch}
 * @param maxCsvRows  data rows in one {@code POST /events/csv}
 * @param sendTimeout how long to wait for Kafka to acknowledge one event before the request fails
 */
@ConfigurationProperties("mianshen.intake")
public record IntakeSettings(@DefaultValue("500") int maxBatch, @DefaultValue("10000") int maxCsvRows,
                             @DefaultValue("15s") Duration sendTimeout) {
}
