package io.mianshen.support.tracing;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * The W3C trace context ({@code traceparent}) as the services carry it where Micrometer's observations do not:
 * through an outbox row, through the queue of enterprises to decide, out of a batch listener's records.
 * <ul>
 *     <li>{@link #current()}: the context of the span in scope, to keep with a row;</li>
 *     <li>{@link #of(ConsumerRecord)}: the context a record was published in;</li>
 *     <li>{@link #continued}: work done in a span of a kept context's trace;</li>
 *     <li>{@link #withOrigins}: work on many enterprises at once, each outbox row written meanwhile given the
 *     context of the event that caused its key's work ({@link #originOf}).</li>
 * </ul>
 */
public class Traces {

    /** The W3C Trace Context header, on HTTP requests and Kafka records alike. */
    public static final String HEADER = "traceparent";

    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}");

    private final Tracer tracer;
    private final Propagator propagator;
    private final ObservationRegistry observations;
    private final ThreadLocal<Map<String, String>> origins = new ThreadLocal<>();

    /**
     * @param tracer       the tracer ({@link Tracer#NOOP} when tracing is off)
     * @param propagator   writes and reads {@code traceparent} ({@link Propagator#NOOP} when tracing is off)
     * @param observations where {@link #continued} observes its work
     */
    public Traces(Tracer tracer, Propagator propagator, ObservationRegistry observations) {
        this.tracer = tracer;
        this.propagator = propagator;
        this.observations = observations;
    }

    /** The {@code traceparent} of the span in scope, or null outside any span. */
    public String current() {
        Span span = tracer.currentSpan();
        if (span == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(span.context(), carrier, Map::put);
        return carrier.get(HEADER);
    }

    /** The {@code traceparent} a record was published with, or null. */
    public static String of(ConsumerRecord<?, ?> record) {
        Header header = record.headers().lastHeader(HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.US_ASCII);
    }

    /** The trace id (32 hex digits) of a {@code traceparent}, or null when there is none or it is not one. */
    public static String traceIdOf(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = TRACEPARENT.matcher(traceparent);
        return matcher.matches() ? matcher.group(1) : null;
    }

    /** The trace id of the span in scope, or null. */
    public String currentTraceId() {
        Span span = tracer.currentSpan();
        return span == null ? null : span.context().traceId();
    }

    /**
     * Does work in a new span named {@code name} of the trace {@code traceparent} names (a new trace when it is
     * null), so that what the work logs and publishes belongs to that trace.
     */
    public <T> T continued(String traceparent, String name, Supplier<T> work) {
        ReceiverContext<Map<String, String>> context = new ReceiverContext<>((carrier, key) -> carrier.get(key));
        context.setCarrier(traceparent == null ? Map.of() : Map.of(HEADER, traceparent));
        return Observation.createNotStarted(name, () -> context, observations).observe(work);
    }

    /**
     * Does work that writes outbox rows for many keys at once, each row to be published in the trace of the event
     * that caused its key's work.
     *
     * @param traceparentByKey the {@code traceparent} of the cause of each record key's work
     */
    public <T> T withOrigins(Map<String, String> traceparentByKey, Supplier<T> work) {
        Map<String, String> outer = origins.get();
        origins.set(traceparentByKey);
        try {
            return work.get();
        } finally {
            if (outer == null) {
                origins.remove();
            } else {
                origins.set(outer);
            }
        }
    }

    /** The {@code traceparent} a row with this record key is published in: its cause's ({@link #withOrigins}), or the current span's. */
    public String originOf(String key) {
        Map<String, String> byKey = origins.get();
        String origin = byKey == null ? null : byKey.get(key);
        return origin != null ? origin : current();
    }
}
