package io.mianshen.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy file was refused; carries every problem found, not only the first. */
public class PolicyRejectedException extends RuntimeException {

    private final transient List<PolicyProblem> problems;

    public PolicyRejectedException(List<PolicyProblem> problems) {
        super(problems.size() + " problem(s):\n"
                + problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<PolicyProblem> problems() {
        return problems;
    }
}
