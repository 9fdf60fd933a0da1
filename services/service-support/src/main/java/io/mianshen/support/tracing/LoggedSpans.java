package io.mianshen.support.tracing;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each finished span as one log line (logger {@code io.mianshen.spans}) where there is no OTLP collector,
 * as in the local stack: {@code span <name> trace=<id> span=<id> parent=<id> kind=<kind> <ms> ms}. Grep a service's
 * log for a trace id to follow it.
 */
class LoggedSpans implements SpanExporter {

    private static final Logger log = LoggerFactory.getLogger("io.mianshen.spans");

    @Override
    public CompletableResultCode export(Collection<SpanData> spans) {
        for (SpanData span : spans) {
            log.info(
                    "span {} trace={} span={} parent={} kind={} {} ms",
                    span.getName(),
                    span.getTraceId(),
                    span.getSpanId(),
                    span.getParentSpanContext().isValid() ? span.getParentSpanId() : "-",
                    span.getKind(),
                    TimeUnit.NANOSECONDS.toMillis(span.getEndEpochNanos() - span.getStartEpochNanos()));
        }
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode flush() {
        return CompletableResultCode.ofSuccess();
    }

    @Override
    public CompletableResultCode shutdown() {
        return CompletableResultCode.ofSuccess();
    }
}
