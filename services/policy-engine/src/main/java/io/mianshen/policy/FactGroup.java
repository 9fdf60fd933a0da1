package io.mianshen.policy;

/** The kinds of fact a policy can read; a policy declares the ones it reads so callers know which events can change it. */
public enum FactGroup {
    /** registered/changed events: name, region, industry, size class. */
    PROFILE,
    /** annual tax filings, amendments included. */
    FILINGS,
    /** certifications granted and revoked. */
    CERTIFICATES,
    /** tax credit ratings. */
    RATINGS,
    /** serious-dishonesty listings. */
    LISTINGS,
    /** deregistrations. */
    DEREGISTRATIONS
}
