package io.mianshen.intake.events;

import io.mianshen.contracts.Violation;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A feed submitted events outside its token's grant ({@link FeedGrant}): nothing of the submission was published.
 */
public class NotPermitted extends RuntimeException {

    /**
     * An event the feed may not publish.
     *
     * @param index      its place in the submission
     * @param line       its CSV line, or {@code null}
     * @param violations which of its fields are outside the grant
     */
    public record Refusal(int index, Integer line, List<Violation> violations) {}

    private final transient List<Refusal> refusals;

    NotPermitted(String client, List<Refusal> refusals) {
        super("the feed client " + client + " may not publish " + refusals.size() + " of these events: "
                + refusals.stream()
                        .limit(5)
                        .map(r -> "event " + r.index() + ": "
                                + r.violations().stream()
                                        .map(Violation::message)
                                        .collect(Collectors.joining(", ")))
                        .collect(Collectors.joining("; "))
                + (refusals.size() > 5 ? "; and more (see refused)" : ""));
        this.refusals = List.copyOf(refusals);
    }

    public List<Refusal> refusals() {
        return refusals;
    }
}
