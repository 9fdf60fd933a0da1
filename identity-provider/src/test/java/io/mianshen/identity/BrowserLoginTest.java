package io.mianshen.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.json.JsonMapper;

/**
 * A person logs in to the web console as a browser does: the console sends them to {@code /oauth2/authorize} with a
 * PKCE challenge, the provider shows its log-in page, and the code it returns is exchanged for a token only with the
 * matching verifier.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "mianshen.identity.issuer=http://localhost:9000")
@ActiveProfiles("local")
class BrowserLoginTest {

    private static final String CONSOLE = "console";
    private static final String REDIRECT = "http://localhost:8080/console/login/oauth2/code/mianshen";
    private static final Pattern HIDDEN_CSRF = Pattern.compile("name=\"_csrf\"[^>]*value=\"([^\"]+)\"");

    @Value("${local.server.port}")
    int port;

    private final HttpClient browser = HttpClient.newBuilder()
            .cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();

    @Test
    void anEnterpriseLogsInThroughTheBrowserAndTheConsoleGetsItsTokenWithTheVerifier() throws Exception {
        String verifier = verifier();
        String code = logIn("91370100MA3C0QXJ4F", "mianshen-local", challenge(verifier));

        HttpResponse<String> token = exchange(code, verifier);
        assertThat(token.statusCode()).as(token.body()).isEqualTo(200);
        Jwt jwt = NimbusJwtDecoder.withJwkSetUri(url("/oauth2/jwks"))
                .build()
                .decode(JsonMapper.builder()
                        .build()
                        .readTree(token.body())
                        .get("access_token")
                        .asString());
        assertThat(jwt.getSubject()).isEqualTo("enterprise-91370100MA3C0QXJ4F");
        assertThat(jwt.getClaimAsStringList("roles")).containsExactly("ENTERPRISE");
        assertThat(jwt.getClaimAsString("uscc")).isEqualTo("91370100MA3C0QXJ4F");
        assertThat(jwt.getAudience()).containsExactly("mianshen");
        assertThat(jwt.getClaimAsString("client_id")).isEqualTo(CONSOLE);
        assertThat(Duration.between(jwt.getIssuedAt(), jwt.getExpiresAt())).isEqualTo(Duration.ofHours(8));

        assertThat(exchange(code, verifier).statusCode())
                .as("a code is good once")
                .isEqualTo(400);
    }

    @Test
    void aCodeIsWorthNothingWithoutItsVerifierAndAnAuthorizationWithoutAChallengeIsRefused() throws Exception {
        String verifier = verifier();
        String code = logIn("auditor", "mianshen-local", challenge(verifier));
        HttpResponse<String> stolen = exchange(code, verifier());
        assertThat(stolen.statusCode()).isEqualTo(400);
        assertThat(stolen.body()).contains("invalid_grant");

        HttpResponse<String> noChallenge = get(authorizeUrl(null));
        String location = noChallenge.headers().firstValue("Location").orElse("");
        assertThat(noChallenge.statusCode()).isEqualTo(302);
        assertThat(location)
                .startsWith(REDIRECT)
                .contains("error=invalid_request")
                .doesNotContain("code=");
    }

    @Test
    void aWrongPasswordStaysOnTheLogInPageWithNoCode() throws Exception {
        get(authorizeUrl(challenge(verifier())));
        HttpResponse<String> page = get(url("/login"));
        HttpResponse<String> refused =
                post(url("/login"), Map.of("username", "auditor", "password", "guess", "_csrf", csrf(page.body())));
        assertThat(refused.statusCode()).isEqualTo(302);
        assertThat(refused.headers().firstValue("Location").orElseThrow()).endsWith("/login?error");
    }

    /** Asks for a code as the console does, logs in on the provider's page, and returns the code it sends back. */
    private String logIn(String username, String password, String challenge) throws Exception {
        HttpResponse<String> authorize = get(authorizeUrl(challenge));
        assertThat(authorize.statusCode()).isEqualTo(302);
        assertThat(authorize.headers().firstValue("Location").orElseThrow()).endsWith("/login");
        HttpResponse<String> page = get(url("/login"));
        assertThat(page.statusCode()).isEqualTo(200);
        HttpResponse<String> loggedIn =
                post(url("/login"), Map.of("username", username, "password", password, "_csrf", csrf(page.body())));
        assertThat(loggedIn.statusCode()).isEqualTo(302);
        HttpResponse<String> authorized =
                get(loggedIn.headers().firstValue("Location").orElseThrow());
        String location = authorized.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(REDIRECT + "?code=").contains("state=s-4711");
        Matcher code = Pattern.compile("code=([^&]+)").matcher(location);
        assertThat(code.find()).isTrue();
        return java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8);
    }

    private HttpResponse<String> exchange(String code, String verifier) throws Exception {
        return post(
                url("/oauth2/token"),
                Map.of(
                        "grant_type",
                        "authorization_code",
                        "code",
                        code,
                        "redirect_uri",
                        REDIRECT,
                        "client_id",
                        CONSOLE,
                        "code_verifier",
                        verifier));
    }

    private String authorizeUrl(String challenge) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", CONSOLE);
        query.put("redirect_uri", REDIRECT);
        query.put("state", "s-4711");
        if (challenge != null) {
            query.put("code_challenge", challenge);
            query.put("code_challenge_method", "S256");
        }
        return url("/oauth2/authorize?" + form(query));
    }

    private HttpResponse<String> get(String url) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, Map<String, String> fields) throws Exception {
        return browser.send(
                HttpRequest.newBuilder(URI.create(url))
                        .header("Accept", "text/html")
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form(fields)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String csrf(String page) {
        Matcher token = HIDDEN_CSRF.matcher(page);
        assertThat(token.find()).as("the log-in page carries a CSRF token").isTrue();
        return token.group(1);
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> field.getKey() + "=" + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static String verifier() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    private static String challenge(String verifier) throws Exception {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }
}
