package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Policy;
import io.mianshen.policy.facts.Period;
import java.util.Optional;

/** The policy versions a round decides with. */
public interface PolicyBook {

    /** The version of {@code policyId} in force for {@code period}, if the policy decides that period at all. */
    Optional<Policy> inForce(String policyId, Period period);

    /** The latest version of {@code policyId}. */
    Optional<Policy> latest(String policyId);
}
