package io.mianshen.support.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Every latency timer of a service publishes a histogram (Prometheus {@code _bucket} series), so that a dashboard can
 * draw percentiles across instances: Mianshen's own timers ({@code mianshen.*}) and the HTTP server's
 * ({@code http.server.requests}).
 */
@AutoConfiguration
public class LatencyHistograms {

    @Bean
    MeterFilter latencyHistograms() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                boolean latency = id.getType() == Meter.Type.TIMER
                        && (id.getName().startsWith("mianshen.") || id.getName().equals("http.server.requests"));
                return latency
                        ? DistributionStatisticConfig.builder()
                                .percentilesHistogram(true)
                                .build()
                                .merge(config)
                        : config;
            }
        };
    }
}
