package io.mianshen.support.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.handler.DefaultTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingReceiverTracingObservationHandler;
import io.micrometer.tracing.handler.PropagatingSenderTracingObservationHandler;
import io.micrometer.tracing.otel.bridge.OtelCurrentTraceContext;
import io.micrometer.tracing.otel.bridge.OtelPropagator;
import io.micrometer.tracing.otel.bridge.OtelTracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How trace context rides through outbox rows and the decision queue, on the OpenTelemetry SDK the services run. */
class TracesTest {

    private static final String FEED_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String FEED_TRACEPARENT = "00-" + FEED_TRACE + "-00f067aa0ba902b7-01";

    private final OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
            .setTracerProvider(SdkTracerProvider.builder().build())
            .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
            .build();
    private final Traces traces = traces(sdk);

    @AfterEach
    void close() {
        sdk.close();
    }

    @Test
    void workContinuedFromAKeptTraceparentIsInThatTraceAndWhatItKeepsNamesItsOwnSpan() {
        String kept = traces.continued(FEED_TRACEPARENT, "mianshen.outbox.publish", traces::current);

        assertThat(Traces.traceIdOf(kept)).isEqualTo(FEED_TRACE);
        assertThat(kept).isNotEqualTo(FEED_TRACEPARENT);
        assertThat(traces.current()).as("nothing is left in scope afterwards").isNull();
    }

    @Test
    void workWithoutAKeptTraceparentStartsATraceOfItsOwn() {
        String kept = traces.continued(null, "mianshen.notice.deliver", traces::current);

        assertThat(Traces.traceIdOf(kept)).matches("[0-9a-f]{32}").isNotEqualTo(FEED_TRACE);
    }

    @Test
    void anOutboxRowOfAKeyTakesItsCausesTraceAndOtherKeysTakeTheCurrentOne() {
        String decider = traces.continued(
                null,
                "decider",
                () -> traces.withOrigins(Map.of("91370100MA3C0QXJ4F", FEED_TRACEPARENT), () -> {
                    assertThat(traces.originOf("91370100MA3C0QXJ4F")).isEqualTo(FEED_TRACEPARENT);
                    return traces.originOf("913702118D0YJFMWKN");
                }));

        assertThat(Traces.traceIdOf(decider)).isNotEqualTo(FEED_TRACE).matches("[0-9a-f]{32}");
        assertThat(traces.originOf("91370100MA3C0QXJ4F"))
                .as("the origins end with the work")
                .isNull();
    }

    @Test
    void aRecordsTraceparentIsReadFromItsHeaderAndOnlyAWellFormedOneHasATraceId() {
        ConsumerRecord<String, byte[]> record =
                new ConsumerRecord<>("tax.filings.v1", 0, 7L, "91370100MA3C0QXJ4F", new byte[0]);
        assertThat(Traces.of(record)).isNull();
        record.headers().add(Traces.HEADER, FEED_TRACEPARENT.getBytes(StandardCharsets.US_ASCII));

        assertThat(Traces.traceIdOf(Traces.of(record))).isEqualTo(FEED_TRACE);
        assertThat(Traces.traceIdOf("00-not-a-trace-01")).isNull();
        assertThat(Traces.traceIdOf(null)).isNull();
    }

    private static Traces traces(OpenTelemetrySdk sdk) {
        io.opentelemetry.api.trace.Tracer otel = sdk.getTracer("test");
        OtelTracer tracer = new OtelTracer(otel, new OtelCurrentTraceContext(), event -> {});
        OtelPropagator propagator = new OtelPropagator(sdk.getPropagators(), otel);
        ObservationRegistry observations = ObservationRegistry.create();
        observations
                .observationConfig()
                .observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
                        new PropagatingSenderTracingObservationHandler<>(tracer, propagator),
                        new PropagatingReceiverTracingObservationHandler<>(tracer, propagator),
                        new DefaultTracingObservationHandler(tracer)));
        return new Traces(tracer, propagator, observations);
    }
}
