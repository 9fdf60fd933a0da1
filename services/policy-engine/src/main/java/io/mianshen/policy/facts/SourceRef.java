package io.mianshen.policy.facts;

/**
 * The event that established a fact: its CloudEvents source and id.
 *
 * @param source the feed, e.g. {@code /feeds/tax/370000}
 * @param id     the event id, unique per source
 */
public record SourceRef(String source, String id) {}
