package io.mianshen.eligibility.decision;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * The live decision of an (enterprise, policy, period).
 *
 * @param decisionId its id
 * @param amount     the amount granted
 */
record LiveDecision(UUID decisionId, BigDecimal amount) {
}
