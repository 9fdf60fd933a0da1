package io.mianshen.intake.events;

import io.mianshen.contracts.Violation;
import java.util.List;

/**
 * What became of one submitted event.
 *
 * @param index      its place in the submission (0 for a single event, the array index of a batch)
 * @param line       its line in a CSV upload (the header is line 1), or {@code null}
 * @param source     its CloudEvents source, if it had one
 * @param id         its CloudEvents id, if it had one
 * @param type       its type, if it had one
 * @param status     ACCEPTED (published to its topic), DUPLICATE (accepted before) or REJECTED
 * @param topic      the topic it was published to
 * @param violations why it was rejected, each with a JSON Pointer and a rule
 */
public record ItemResult(
        int index,
        Integer line,
        String source,
        String id,
        String type,
        Status status,
        String topic,
        List<Violation> violations) {

    /** What became of an event. */
    public enum Status {
        ACCEPTED,
        DUPLICATE,
        REJECTED
    }
}
