package io.mianshen.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens for every role, RS256-signed by the {@link TestIdentityProvider} with the claims a real provider
 * gives: {@code iss}, {@code aud} {@code mianshen}, {@code iat}, {@code exp} ten minutes on, {@code roles}, and
 * {@code uscc} for an enterprise, {@code sources} and {@code event_types} for a feed.
 */
public final class TestTokens {

    /** Every fact source and type: what {@link #feed()} may publish. */
    public static final List<String> ALL_SOURCES = List.of("/feeds/*");

    public static final List<String> ALL_FACT_TYPES = List.of("gov.enterprise.*", "gov.tax.*", "gov.sci.*");

    private static final String LEGACY_SECRET = "mianshen-local-development-secret-0123456789";

    private TestTokens() {}

    public static String policyAdmin() {
        return sign(claims("officer-1", List.of("POLICY_ADMIN"), null).build());
    }

    public static String auditor() {
        return sign(claims("auditor-1", List.of("AUDITOR"), null).build());
    }

    /** A reviewer of objections during publicity (role REVIEWER), user {@code reviewer-1}. */
    public static String reviewer() {
        return sign(claims("reviewer-1", List.of("REVIEWER"), null).build());
    }

    public static String enterprise(String uscc) {
        return sign(claims("enterprise-" + uscc, List.of("ENTERPRISE"), uscc).build());
    }

    /** A feed that may publish every fact source and type. */
    public static String feed() {
        return feed("feed-1", ALL_SOURCES, ALL_FACT_TYPES);
    }

    /** A feed client bound to {@code sources} and {@code eventTypes} (patterns ending in {@code *} cover a prefix). */
    public static String feed(String client, List<String> sources, List<String> eventTypes) {
        return sign(claims(client, List.of("FEED"), null)
                .claim("sources", sources)
                .claim("event_types", eventTypes)
                .build());
    }

    /** A metrics scraper's token (role OPERATOR). */
    public static String operator() {
        return sign(claims("operator-1", List.of("OPERATOR"), null).build());
    }

    /** A token with any roles and, if not {@code null}, a {@code uscc} claim. */
    public static String withRoles(List<String> roles, String uscc) {
        return sign(claims("test-" + String.join("-", roles), roles, uscc).build());
    }

    /** The claims of a valid token, to change before {@link #sign(JWTClaimsSet)} for a test of a bad one. */
    public static JWTClaimsSet.Builder claims(String subject, List<String> roles, String uscc) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(TestIdentityProvider.get().issuer())
                .audience(TestIdentityProvider.AUDIENCE)
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)));
        if (uscc != null) {
            claims.claim("uscc", uscc);
        }
        return claims;
    }

    /**
     * Tokens a service and the gateway must refuse although each carries {@code role}, by what each gets wrong: no
     * {@code exp}, expired, a year long, another audience, another issuer, HS256 with the first wave's shared secret.
     */
    public static Map<String, String> unacceptable(String role) {
        Instant now = Instant.now();
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put(
                "no exp",
                sign(claims("refused-1", List.of(role), null)
                        .expirationTime(null)
                        .build()));
        tokens.put(
                "expired",
                sign(claims("refused-1", List.of(role), null)
                        .issueTime(Date.from(now.minusSeconds(7200)))
                        .expirationTime(Date.from(now.minusSeconds(3600)))
                        .build()));
        tokens.put(
                "a year long",
                sign(claims("refused-1", List.of(role), null)
                        .expirationTime(Date.from(now.plus(Duration.ofDays(365))))
                        .build()));
        tokens.put(
                "another audience",
                sign(claims("refused-1", List.of(role), null)
                        .audience("other-system")
                        .build()));
        tokens.put(
                "another issuer",
                sign(claims("refused-1", List.of(role), null)
                        .issuer("https://idp.example.cn")
                        .build()));
        tokens.put(
                "HS256 with the old development secret",
                legacyDevelopmentToken(claims("refused-1", List.of(role), null).build()));
        return tokens;
    }

    /** {@code claims} signed HS256 with the secret every application.yml carried before the identity provider. */
    public static String legacyDevelopmentToken(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(LEGACY_SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    /** {@code claims} signed RS256 with the test provider's key. */
    public static String sign(JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(TestIdentityProvider.get().key().getKeyID())
                        .build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(TestIdentityProvider.get().key()));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
