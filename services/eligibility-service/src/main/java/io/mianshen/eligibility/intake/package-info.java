/** Accepting a fact event: record it once, store the fact, re-decide the enterprise, all in one transaction. */
package io.mianshen.eligibility.intake;
