package io.mianshen.contracts;

import java.util.List;
import java.util.stream.Collectors;

/** An event broke the contract; carries every violation found, not only the first. */
public class InvalidEventException extends RuntimeException {

    private final transient List<Violation> violations;

    public InvalidEventException(List<Violation> violations) {
        super(violations.stream().map(Violation::describe).collect(Collectors.joining("; ")));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid event has at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public List<Violation> violations() {
        return violations;
    }
}
