package io.mianshen.support.security;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * What makes a token acceptable, from Boot's resource-server settings and {@code mianshen.security.max-token-lifetime}:
 * the configured issuer, one of the audiences, {@code exp} and {@code iat} present, not expired, and a lifetime
 * ({@code exp - iat}) within the maximum.
 *
 * @param issuer      {@code spring.security.oauth2.resourceserver.jwt.issuer-uri}; required
 * @param jwkSetUri   {@code spring.security.oauth2.resourceserver.jwt.jwk-set-uri}; empty: from the issuer's discovery
 * @param audiences   {@code spring.security.oauth2.resourceserver.jwt.audiences}
 * @param rolesClaim  {@code spring.security.oauth2.resourceserver.jwt.authorities-claim-name}
 * @param maxLifetime {@code mianshen.security.max-token-lifetime}
 */
public record TokenRules(
        String issuer, String jwkSetUri, List<String> audiences, String rolesClaim, Duration maxLifetime) {

    /** The setting a service without an issuer names when it refuses to start. */
    public static final String ISSUER_SETTING =
            "spring.security.oauth2.resourceserver.jwt.issuer-uri (MIANSHEN_ISSUER_URI)";

    public TokenRules {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException("No token issuer is configured: set " + ISSUER_SETTING
                    + " to the identity provider's issuer (the local stack's is http://localhost:9000)");
        }
        if (audiences.isEmpty()) {
            throw new IllegalStateException(
                    "No token audience is configured: set spring.security.oauth2.resourceserver.jwt.audiences (MIANSHEN_TOKEN_AUDIENCE)");
        }
    }

    /** The rules from a service's settings. */
    public static TokenRules from(Environment settings) {
        String prefix = "spring.security.oauth2.resourceserver.jwt.";
        return new TokenRules(
                settings.getProperty(prefix + "issuer-uri", ""),
                settings.getProperty(prefix + "jwk-set-uri", ""),
                List.of(settings.getProperty(prefix + "audiences", String[].class, new String[] {"mianshen"})),
                settings.getProperty(prefix + "authorities-claim-name", "roles"),
                DurationStyle.detectAndParse(settings.getProperty("mianshen.security.max-token-lifetime", "12h")));
    }

    /** {@code decoder} with these rules. */
    NimbusJwtDecoder apply(NimbusJwtDecoder decoder) {
        decoder.setJwtValidator(validator());
        return decoder;
    }

    /** The checks, after the signature's. */
    public OAuth2TokenValidator<Jwt> validator() {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefaultWithIssuer(issuer), this::bounded, this::forUs);
    }

    private OAuth2TokenValidatorResult bounded(Jwt token) {
        if (token.getExpiresAt() == null || token.getIssuedAt() == null) {
            return refuse("the token must carry exp and iat");
        }
        if (Duration.between(token.getIssuedAt(), token.getExpiresAt()).compareTo(maxLifetime) > 0) {
            return refuse("the token lives longer than " + maxLifetime.toHours() + " h (exp - iat)");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private OAuth2TokenValidatorResult forUs(Jwt token) {
        List<String> audience = token.getAudience();
        return audience != null && audience.stream().anyMatch(audiences::contains)
                ? OAuth2TokenValidatorResult.success()
                : refuse("the token's audience is not " + audiences);
    }

    private static OAuth2TokenValidatorResult refuse(String why) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", why, null));
    }
}
