/**
 * The rules of a round of decisions as plain Java, without Spring or a database: given an enterprise's facts, its
 * live decisions and what was stored of its earlier evaluations, {@link io.mianshen.eligibility.decision.round.DecisionRound}
 * returns the typed changes it decides; {@link io.mianshen.eligibility.decision.round.BudgetSettlement} then settles
 * the changes of budgeted policies against a budget and its first-in-first-out queue. The service around them only
 * locks, reads, calls them and writes.
 */
package io.mianshen.eligibility.decision.round;
