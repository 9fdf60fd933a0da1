package io.mianshen.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** Signed test bearer tokens for every role, with the development secret the services default to. */
public final class TestTokens {

    /** The development HS256 secret of the services' application.yml. */
    public static final String SECRET = "mianshen-local-development-secret-0123456789";

    private TestTokens() {
    }

    public static String policyAdmin() {
        return token("officer-1", List.of("POLICY_ADMIN"), null);
    }

    public static String auditor() {
        return token("auditor-1", List.of("AUDITOR"), null);
    }

    public static String enterprise(String uscc) {
        return token("enterprise-" + uscc, List.of("ENTERPRISE"), uscc);
    }

    public static String feed() {
        return token("feed-1", List.of("FEED"), null);
    }

    /** A token with any roles and, if not {@code null}, a {@code uscc} claim. */
    public static String withRoles(List<String> roles, String uscc) {
        return token("test-" + String.join("-", roles), roles, uscc);
    }

    private static String token(String subject, List<String> roles, String uscc) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().subject(subject).claim("roles", roles)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        if (uscc != null) {
            claims.claim("uscc", uscc);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
