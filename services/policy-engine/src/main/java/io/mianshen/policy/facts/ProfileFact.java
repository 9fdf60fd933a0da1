package io.mianshen.policy.facts;

import java.time.LocalDate;

/**
 * The enterprise profile from a {@code registered} or {@code changed} event, in force from {@code asOf}.
 *
 * @param asOf          the event's time (as a date): the profile holds from then until the next one
 * @param name          registered name
 * @param region        6-digit administrative division code
 * @param industry      GB/T 4754-2017 code
 * @param sizeClass     MICRO, SMALL, MEDIUM or LARGE
 * @param establishedOn date of establishment
 * @param source        the event, when known
 */
public record ProfileFact(
        LocalDate asOf,
        String name,
        String region,
        String industry,
        String sizeClass,
        LocalDate establishedOn,
        SourceRef source) {}
