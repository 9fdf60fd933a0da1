package io.mianshen.contracts;

import java.util.List;

/**
 * A Kafka topic of the contract and the event types it carries.
 *
 * @param name      the topic, e.g. {@code tax.filings.v1}
 * @param writtenBy who publishes to it
 * @param types     the CloudEvents types it carries
 * @param source    the CloudEvents {@code source} of every event on it when one service writes it (e.g.
 *                  {@code /services/eligibility}); {@code null} for a fact topic, where each feed has its own
 */
public record EventTopic(String name, String writtenBy, List<String> types, String source) {

    public EventTopic {
        types = List.copyOf(types);
    }

    /** The dead-letter topic of this topic's consumers. */
    public String deadLetterTopic() {
        return name + ".dlt";
    }
}
