package io.mianshen.support.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Settings every service shares that are Spring's or others' rather than {@link SupportSettings}, as defaults below
 * everything a service or its operator sets: {@code MIANSHEN_PUBLIC_URL} as the OpenAPI description's server, and
 * tracing:
 * <ul>
 *     <li>every request and event is traced ({@code management.tracing.sampling.probability=1.0}; an operator
 *     may lower it with {@code MANAGEMENT_TRACING_SAMPLING_PROBABILITY});</li>
 *     <li>Kafka templates and record listeners are observed, so a record carries {@code traceparent} and its
 *     consumer continues the producer's trace;</li>
 *     <li>the scheduled polls (outbox relay, sweeps) and Spring Security's filters make no spans of their own: a
 *     relay's publication joins the trace of the event that caused it instead;</li>
 *     <li>metrics stay on Prometheus: the OTLP metrics push the starter brings is off unless asked for.</li>
 * </ul>
 * Each service's {@code logging.pattern.correlation} puts {@code [traceId-spanId] [requestId]} on its log lines.
 * Spans go to an OTLP collector when {@code MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT} is set
 * (for instance {@code http://collector:4318/v1/traces}), and to the log when {@code MIANSHEN_TRACING_LOG_SPANS=true}
 * ({@code io.mianshen.support.tracing.LoggedSpans}).
 */
public class SharedDefaults implements EnvironmentPostProcessor {

    /** The name of the property source, last in the environment. */
    static final String SOURCE = "mianshenSharedDefaults";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("mianshen.openapi.server-url", "${MIANSHEN_PUBLIC_URL:http://localhost:8080}");
        defaults.put("management.tracing.sampling.probability", "1.0");
        defaults.put("spring.kafka.template.observation-enabled", "true");
        defaults.put("spring.kafka.listener.observation-enabled", "true");
        defaults.put("management.observations.enable.tasks.scheduled", "false");
        defaults.put("management.observations.enable.spring.security", "false");
        defaults.put("management.otlp.metrics.export.enabled", "false");
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE, defaults));
    }
}
