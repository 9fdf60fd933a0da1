package io.mianshen.policy.facts;

import java.time.LocalDate;

/**
 * A deregistration (注销登记).
 *
 * @param deregisteredOn the date
 * @param source         the event, when known
 */
public record DeregistrationFact(LocalDate deregisteredOn, SourceRef source) {}
