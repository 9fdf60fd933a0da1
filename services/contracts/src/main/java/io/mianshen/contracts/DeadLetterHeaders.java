package io.mianshen.contracts;

/**
 * The headers a consumer adds to a record it rejects onto {@code <topic>.dlt}. The record's key and
 * value are unchanged; Spring Kafka's {@code kafka_dlt-original-topic}, {@code -partition} and
 * {@code -offset} headers name where it came from.
 */
public final class DeadLetterHeaders {

    /** Every violation, one {@link Violation#describe()} line each, separated by newlines. */
    public static final String REASON = "mianshen-dlt-reason";
    /** The rule of the first violation, e.g. {@code uscc} or {@code money}. */
    public static final String RULE = "mianshen-dlt-rule";
    /** The JSON Pointer of the first violation, e.g. {@code /data/uscc}. */
    public static final String POINTER = "mianshen-dlt-pointer";
    /** The consumer that rejected the record: service name and consumer group. */
    public static final String CONSUMER = "mianshen-dlt-consumer";
    /** The topic the record was read from. */
    public static final String ORIGINAL_TOPIC = "kafka_dlt-original-topic";
    /** The partition the record was read from. */
    public static final String ORIGINAL_PARTITION = "kafka_dlt-original-partition";
    /** The offset the record was read from. */
    public static final String ORIGINAL_OFFSET = "kafka_dlt-original-offset";

    private DeadLetterHeaders() {}
}
