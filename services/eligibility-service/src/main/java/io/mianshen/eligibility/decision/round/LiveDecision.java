package io.mianshen.eligibility.decision.round;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The live decision of an (enterprise, policy, period): the grant or adjustment in force.
 *
 * @param decisionId its id
 * @param amount     the amount granted
 */
public record LiveDecision(UUID decisionId, BigDecimal amount) {}
