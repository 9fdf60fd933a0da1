package io.mianshen.support.outbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Outbox lag: events waiting to be published, and the age in seconds of the oldest. */
class OutboxMetrics {

    OutboxMetrics(JdbcClient jdbc, MeterRegistry metrics) {
        Gauge.builder(
                        "mianshen.outbox.pending",
                        () -> jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL")
                                .query(Long.class)
                                .single())
                .description("outbox events not yet published")
                .register(metrics);
        Gauge.builder(
                        "mianshen.outbox.lag.seconds",
                        () -> jdbc.sql("""
                        SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) FROM outbox WHERE published_at IS NULL""").query(java.math.BigDecimal.class).single())
                .description("age of the oldest unpublished outbox event")
                .register(metrics);
    }
}
