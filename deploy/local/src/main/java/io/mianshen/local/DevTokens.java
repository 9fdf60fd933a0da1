package io.mianshen.local;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Development bearer tokens for the local stack: HS256 JWTs signed with the services' development secret (or
 * {@code MIANSHEN_JWT_SECRET}), in the form the gateway and the services check: {@code sub}, {@code roles} and,
 * for an enterprise, {@code uscc}.
 */
public final class DevTokens {

    /** The secret the services' application.yml default to. */
    public static final String DEVELOPMENT_SECRET = "mianshen-local-development-secret-0123456789";

    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final byte[] secret;
    private final Duration lifetime;

    public DevTokens(String secret, Duration lifetime) {
        if (secret.getBytes(StandardCharsets.UTF_8).length < 32) {
            throw new StackFailure("MIANSHEN_JWT_SECRET must be at least 32 bytes for HS256");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.lifetime = lifetime;
    }

    /** Tokens with the secret the stack's services use, valid for twelve hours. */
    public static DevTokens forLocalStack() {
        return new DevTokens(System.getenv().getOrDefault("MIANSHEN_JWT_SECRET", DEVELOPMENT_SECRET), Duration.ofHours(12));
    }

    public String feed() {
        return sign("local-feed", "FEED", null);
    }

    public String auditor() {
        return sign("local-auditor", "AUDITOR", null);
    }

    public String policyAdmin() {
        return sign("local-policy-officer", "POLICY_ADMIN", null);
    }

    public String enterprise(String uscc) {
        return sign("enterprise-" + uscc, "ENTERPRISE", uscc);
    }

    /** A token of any subject and role; {@code uscc} may be {@code null}. */
    public String sign(String subject, String role, String uscc) {
        long now = Instant.now().getEpochSecond();
        ObjectNode claims = JSON.createObjectNode().put("sub", subject).put("iat", now).put("exp", now + lifetime.toSeconds());
        claims.putArray("roles").add(role);
        if (uscc != null) {
            claims.put("uscc", uscc);
        }
        String signingInput = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(JSON.writeValueAsString(claims));
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return signingInput + "." + BASE64URL.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new StackFailure("cannot sign a development token: " + e.getMessage(), e);
        }
    }

    private static String encode(String json) {
        return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
