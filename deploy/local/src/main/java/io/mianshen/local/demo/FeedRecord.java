package io.mianshen.local.demo;

/**
 * One record of a feed, as a producer writes it: structured-mode CloudEvent JSON (or, for an invalid event,
 * whatever bytes a faulty feed would send).
 *
 * @param topic the fact topic
 * @param key   the record key (the enterprise's USCC)
 * @param value the record value
 * @param valid whether the event meets the contract (an invalid one must end in {@code <topic>.dlt})
 * @param label what the event is, for people reading the feed
 */
public record FeedRecord(String topic, String key, byte[] value, boolean valid, String label) {}
