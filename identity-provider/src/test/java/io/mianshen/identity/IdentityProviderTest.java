package io.mianshen.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.client.RestClient;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mianshen.identity.issuer=http://localhost:9000")
@ActiveProfiles("local")
class IdentityProviderTest {

    @Value("${local.server.port}")
    int port;

    @Test
    void aFeedGetsAnRs256TokenNamingItsSourcesAndTypesCheckableThroughTheJwks() {
        Map<?, ?> answer = token("feed-tax", "feed-tax-secret").getBody();
        Jwt jwt = decoder().decode((String) answer.get("access_token"));
        assertThat(jwt.getHeaders()).containsEntry("alg", "RS256");
        assertThat(jwt.getIssuer().toString()).isEqualTo("http://localhost:9000");
        assertThat(jwt.getAudience()).containsExactly("mianshen");
        assertThat(jwt.getSubject()).isEqualTo("feed-tax");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("FEED");
        assertThat(jwt.getClaimAsStringList("sources")).containsExactly("/feeds/tax/*");
        assertThat(jwt.getClaimAsStringList("event_types")).containsExactly("gov.tax.*");
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aWrongClientSecretGetsNoToken() {
        assertThat(token("feed-tax", "guess").getStatusCode().value()).isEqualTo(401);
    }

    @Test
    void theDevelopmentLoginSignsStaffAndEnterprisesWithTheSameKeys() {
        Jwt auditor = decoder()
                .decode((String) login("auditor", "mianshen-local").getBody().get("access_token"));
        assertThat(auditor.getClaimAsStringList("roles")).containsExactly("AUDITOR");
        assertThat(Duration.between(auditor.getIssuedAt(), auditor.getExpiresAt()))
                .isEqualTo(Duration.ofHours(8));
        Jwt enterprise = decoder().decode((String)
                login("91370100MA3C0QXJ4F", "mianshen-local").getBody().get("access_token"));
        assertThat(enterprise.getClaimAsStringList("roles")).containsExactly("ENTERPRISE");
        assertThat(enterprise.getClaimAsString("uscc")).isEqualTo("91370100MA3C0QXJ4F");
    }

    @Test
    void theDevelopmentLoginRefusesAWrongPasswordAndUnknownUsers() {
        assertThat(login("auditor", "wrong").getStatusCode().value()).isEqualTo(401);
        assertThat(login("root", "mianshen-local").getStatusCode().value()).isEqualTo(401);
        assertThat(login("91370100MA3C0QXJ4", "mianshen-local").getStatusCode().value())
                .isEqualTo(401);
    }

    @Test
    void withoutAnIssuerTheProviderDoesNotStartAndNamesTheSetting() {
        assertThatThrownBy(() -> new SpringApplication(IdentityProviderApplication.class)
                        .run("--server.port=0", "--mianshen.identity.issuer="))
                .hasStackTraceContaining("mianshen.identity.issuer (MIANSHEN_ISSUER_URI)");
    }

    private NimbusJwtDecoder decoder() {
        return NimbusJwtDecoder.withJwkSetUri("http://localhost:" + port + "/oauth2/jwks")
                .build();
    }

    private ResponseEntity<Map> token(String client, String secret) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("grant_type", "client_credentials");
        return http().post()
                .uri("/oauth2/token")
                .headers(h -> h.setBasicAuth(client, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {})
                .toEntity(Map.class);
    }

    private ResponseEntity<Map> login(String username, String password) {
        MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
        form.add("username", username);
        form.add("password", password);
        return http().post()
                .uri("/dev/login")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body(form)
                .retrieve()
                .onStatus(HttpStatusCode::isError, (request, response) -> {})
                .toEntity(Map.class);
    }

    private RestClient http() {
        return RestClient.create("http://localhost:" + port);
    }
}
