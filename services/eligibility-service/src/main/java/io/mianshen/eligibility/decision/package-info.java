/** Benefit decisions: evaluate the affected policies, apply exclusive groups and budgets, record and announce changes. */
package io.mianshen.eligibility.decision;
