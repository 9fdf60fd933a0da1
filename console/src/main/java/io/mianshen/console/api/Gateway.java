package io.mianshen.console.api;

import io.mianshen.console.config.ConsoleSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the APIs through the gateway as the signed-in person (their access token as bearer), or without a token for
 * the public pages. An answer keeps its status and its JSON as plain maps and lists, which the pages render; a
 * refusal (problem+json) is shown as the API worded it.
 */
@Component
public class Gateway {

    /** The identity provider's registration in the console's settings. */
    public static final String REGISTRATION = "mianshen";

    /**
     * What the gateway answered.
     *
     * @param status the HTTP status
     * @param body   its JSON as maps, lists, strings and numbers; null for an empty body
     */
    public record Answer(int status, Object body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The problem's detail (or title) when the API refused, for the page to show. */
        public String problem() {
            if (body instanceof java.util.Map<?, ?> problem) {
                Object detail = problem.get("detail");
                return String.valueOf(detail != null ? detail : problem.get("title"));
            }
            return "HTTP " + status;
        }
    }

    private final ConsoleSettings settings;
    private final OAuth2AuthorizedClientService clients;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Gateway(ConsoleSettings settings, OAuth2AuthorizedClientService clients) {
        this.settings = settings;
        this.clients = clients;
    }

    /** {@code GET path} (with its query). */
    public Answer get(String path) {
        return send(request(path).GET());
    }

    /** {@code POST path} with a JSON body (none when null). */
    public Answer post(String path, Object body) {
        HttpRequest.Builder request = request(path).header("Content-Type", "application/json");
        return send(
                body == null
                        ? request.POST(HttpRequest.BodyPublishers.noBody())
                        : request.POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))));
    }

    /** {@code POST path} with a text body of {@code contentType} (a policy file). */
    public Answer postText(String path, String contentType, String body) {
        return send(request(path)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** Copies {@code GET path}'s body as it streams (a CSV export); returns the status. */
    public int copy(String path, OutputStream out) throws IOException {
        try {
            HttpResponse<InputStream> answer =
                    http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = answer.body()) {
                in.transferTo(out);
            }
            return answer.statusCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.gatewayUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        token().ifPresent(token -> request.header("Authorization", "Bearer " + token));
        return request;
    }

    /** The signed-in person's access token, if someone is signed in. */
    private Optional<String> token() {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (!(who instanceof OAuth2AuthenticationToken login)) {
            return Optional.empty();
        }
        OAuth2AuthorizedClient client =
                clients.loadAuthorizedClient(login.getAuthorizedClientRegistrationId(), login.getName());
        return Optional.ofNullable(client).map(c -> c.getAccessToken().getTokenValue());
    }

    private Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> answer =
                    http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            String body = answer.body();
            boolean isJson = answer.headers()
                    .firstValue("Content-Type")
                    .map(type -> type.contains("json"))
                    .orElse(false);
            Object parsed = body == null || body.isBlank() ? null : isJson ? json.readValue(body, Object.class) : body;
            return new Answer(answer.statusCode(), parsed);
        } catch (IOException e) {
            return new Answer(
                    503,
                    java.util.Map.of("title", "The gateway did not answer", "detail", String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(503, java.util.Map.of("title", "Interrupted"));
        }
    }
}
