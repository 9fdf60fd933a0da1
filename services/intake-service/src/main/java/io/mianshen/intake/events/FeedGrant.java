package io.mianshen.intake.events;

import io.mianshen.contracts.Violation;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;
import tools.jackson.databind.JsonNode;

/**
 * What a feed's token lets it publish: the CloudEvents {@code source}s in its {@code sources} claim and the types
 * in its {@code event_types} claim. A pattern ending in {@code *} covers every value starting with what comes
 * before it ({@code /feeds/tax/*}, {@code gov.tax.*}); a token without the claims may publish nothing.
 *
 * @param client     who submits: the token's subject
 * @param sources    the source patterns
 * @param eventTypes the type patterns
 */
public record FeedGrant(String client, List<String> sources, List<String> eventTypes) {

    /** The grant of a feed's token. */
    public static FeedGrant of(Jwt token) {
        return new FeedGrant(token.getSubject(), listClaim(token, "sources"), listClaim(token, "event_types"));
    }

    /**
     * Why this feed may not publish {@code event}, a fact event: its source or its type is outside the grant. A
     * missing or non-text field is the contract's business, not refused here.
     */
    public List<Violation> refusals(JsonNode event) {
        List<Violation> refusals = new ArrayList<>();
        String source = text(event, "source");
        if (source != null && !covers(sources, source)) {
            refusals.add(new Violation(
                    "/source", "grant", "source " + source + " is not among the token's sources " + sources));
        }
        String type = text(event, "type");
        if (type != null && !covers(eventTypes, type)) {
            refusals.add(new Violation(
                    "/type", "grant", "type " + type + " is not among the token's event types " + eventTypes));
        }
        return refusals;
    }

    static boolean covers(List<String> patterns, String value) {
        return patterns.stream()
                .anyMatch(pattern -> pattern.endsWith("*")
                        ? value.startsWith(pattern.substring(0, pattern.length() - 1))
                        : pattern.equals(value));
    }

    private static List<String> listClaim(Jwt token, String claim) {
        List<String> values = token.hasClaim(claim) ? token.getClaimAsStringList(claim) : null;
        return values == null ? List.of() : List.copyOf(values);
    }

    private static String text(JsonNode event, String field) {
        return event != null
                        && event.isObject()
                        && event.hasNonNull(field)
                        && event.get(field).isString()
                ? event.get(field).asString()
                : null;
    }
}
