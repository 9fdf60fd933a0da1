package io.mianshen.eligibility.facts;

import java.time.OffsetDateTime;

/**
 * A fact event as accepted from a feed.
 *
 * @param source     CloudEvents source of the feed
 * @param id         CloudEvents id, unique per source
 * @param type       the contract type, e.g. {@code gov.tax.annual-filing.v1}
 * @param uscc       the enterprise (the event's subject)
 * @param occurredAt when the fact happened at the source
 * @param dataJson   the event's data as JSON text
 * @param origin     where it was read from
 */
public record FactEvent(
        String source, String id, String type, String uscc, OffsetDateTime occurredAt, String dataJson, Origin origin) {

    /**
     * The Kafka position a fact was read from.
     *
     * @param topic     topic
     * @param partition partition
     * @param offset    offset
     */
    public record Origin(String topic, int partition, long offset) {}
}
