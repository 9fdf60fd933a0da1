/** Kafka inbound adapter of the fact topics: parse, validate against the contract, hand to the fact log. */
package io.mianshen.eligibility.intake.messaging;
