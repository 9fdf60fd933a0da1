package io.mianshen.local;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Development bearer tokens for the local stack, from its identity provider (port {@value StackPorts#IDENTITY}):
 * client credentials for the feed and the metrics scraper, the development log-in for staff and enterprises. The
 * clients and the password are those of the provider's {@code local} profile, known to anyone with the source:
 * they work on a developer's machine only.
 */
public final class DevTokens {

    /** The issuer of the local stack's tokens. */
    public static final String LOCAL_ISSUER = "http://localhost:" + StackPorts.IDENTITY;
    /** The password of the development log-in (identity provider, profile {@code local}). */
    public static final String DEVELOPMENT_PASSWORD = "mianshen-local";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI provider;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public DevTokens(URI provider) {
        this.provider = provider;
    }

    /** Tokens from the local stack's provider. */
    public static DevTokens forLocalStack() {
        return new DevTokens(URI.create(LOCAL_ISSUER));
    }

    /** A feed that may publish every fact source and type (client {@code local-feeds}). */
    public String feed() {
        return client("local-feeds", "local-feeds-secret");
    }

    /** A feed client of the local profile, e.g. {@code feed-tax} with secret {@code feed-tax-secret}. */
    public String client(String id, String secret) {
        String basic = Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return token(
                HttpRequest.newBuilder(provider.resolve("/oauth2/token")).header("Authorization", "Basic " + basic),
                "grant_type=client_credentials");
    }

    /** The metrics scraper (role OPERATOR). */
    public String operator() {
        return client("operator", "operator-secret");
    }

    public String auditor() {
        return login("auditor");
    }

    public String policyAdmin() {
        return login("officer");
    }

    /** The development reviewer of objections during publicity (role REVIEWER). */
    public String reviewer() {
        return login("reviewer");
    }

    public String enterprise(String uscc) {
        return login(uscc);
    }

    /** The development log-in of {@code username}: a staff name or an enterprise's USCC. */
    public String login(String username) {
        return token(
                HttpRequest.newBuilder(provider.resolve("/dev/login")),
                "username=" + URLEncoder.encode(username, StandardCharsets.UTF_8) + "&password="
                        + URLEncoder.encode(DEVELOPMENT_PASSWORD, StandardCharsets.UTF_8));
    }

    private String token(HttpRequest.Builder request, String form) {
        try {
            HttpResponse<String> response = http.send(
                    request.header("Content-Type", "application/x-www-form-urlencoded")
                            .timeout(Duration.ofSeconds(10))
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new StackFailure("the identity provider at " + provider + " refused a development token: "
                        + response.statusCode() + " " + response.body());
            }
            JsonNode answer = JSON.readTree(response.body());
            return answer.get("access_token").asString();
        } catch (IOException e) {
            throw new StackFailure("cannot reach the identity provider at " + provider + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackFailure("interrupted while asking " + provider + " for a token");
        }
    }
}
