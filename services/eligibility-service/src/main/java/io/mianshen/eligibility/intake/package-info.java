/** Accepting fact events a poll at a time, in one transaction: each recorded once, the facts stored, the enterprises queued for the deciders. */
package io.mianshen.eligibility.intake;
