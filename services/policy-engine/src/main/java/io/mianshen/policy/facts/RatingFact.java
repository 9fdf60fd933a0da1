package io.mianshen.policy.facts;

/**
 * A tax credit rating (纳税信用等级).
 *
 * @param year   the year rated
 * @param rating A, B, M, C or D
 * @param source the event, when known
 */
public record RatingFact(int year, String rating, SourceRef source) {}
