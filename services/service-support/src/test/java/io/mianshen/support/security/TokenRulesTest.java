package io.mianshen.support.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenRulesTest {

    private static final String ISSUER = "https://idp.example.gov.cn/realms/mianshen";

    @Test
    void aServiceWithoutAnIssuerDoesNotStartAndNamesTheSetting() {
        assertThatThrownBy(() -> TokenRules.from(new MockEnvironment()))
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.issuer-uri (MIANSHEN_ISSUER_URI)");
    }

    @Test
    void aTokenMustNameTheIssuerAndAudienceCarryExpAndLiveAtMostTheMaximum() {
        TokenRules rules = TokenRules.from(new MockEnvironment()
                .withProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri", ISSUER)
                .withProperty("mianshen.security.max-token-lifetime", "12h"));
        Instant now = Instant.now();
        assertThat(rules.validator()
                        .validate(token(ISSUER, "mianshen", now, now.plus(Duration.ofHours(8))))
                        .hasErrors())
                .isFalse();
        assertThat(rules.validator()
                        .validate(token(ISSUER, "mianshen", now, now.plus(Duration.ofDays(365))))
                        .getErrors())
                .anySatisfy(e -> assertThat(e.getDescription()).contains("longer than 12 h"));
        assertThat(rules.validator()
                        .validate(token(ISSUER, "mianshen", now, null))
                        .getErrors())
                .anySatisfy(e -> assertThat(e.getDescription()).contains("exp and iat"));
        assertThat(rules.validator()
                        .validate(token(ISSUER, "another-system", now, now.plusSeconds(60)))
                        .hasErrors())
                .isTrue();
        assertThat(rules.validator()
                        .validate(token("https://elsewhere.example.cn", "mianshen", now, now.plusSeconds(60)))
                        .hasErrors())
                .isTrue();
    }

    private static Jwt token(String issuer, String audience, Instant issuedAt, Instant expiresAt) {
        Jwt.Builder token = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .issuer(issuer)
                .audience(List.of(audience))
                .subject("s")
                .issuedAt(issuedAt)
                .claim("roles", List.of("AUDITOR"));
        if (expiresAt != null) {
            token.expiresAt(expiresAt);
        }
        return token.build();
    }
}
