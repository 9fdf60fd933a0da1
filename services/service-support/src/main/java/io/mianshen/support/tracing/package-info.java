/**
 * One trace from a feed's request to its decision, notices and ledger entries: Micrometer Tracing over the
 * OpenTelemetry SDK ({@link io.mianshen.support.settings.SharedDefaults} turns on Kafka observation and full
 * sampling), the W3C {@code traceparent} of the event that caused each outbox row kept with it and published
 * with it ({@link io.mianshen.support.tracing.Traces}), the trace id in every log line and in every
 * problem+json, and spans written to the log when no OTLP collector is set.
 */
package io.mianshen.support.tracing;
