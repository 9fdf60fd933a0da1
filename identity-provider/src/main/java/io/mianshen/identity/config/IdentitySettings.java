package io.mianshen.identity.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * What the identity provider issues ({@code mianshen.identity.*}). Nothing here has a working default: the local
 * stack sets it (profile {@code local}), and a provider without an issuer does not start.
 *
 * @param issuer              the {@code iss} of every token and the base of {@code /oauth2/jwks}, e.g.
 *                            {@code http://localhost:9000}
 * @param audience            the {@code aud} of every token; the services accept only this audience
 * @param keyFile             where the RSA signing key is kept (created on first start, readable by its owner only);
 *                            empty: a new key at every start
 * @param clientTokenLifetime how long a client-credentials token lives
 * @param clients             the machine clients: feeds and services
 * @param developmentLogin    the log-in for people on the local stack
 * @param browserClients      applications people log in to through their browser (the web console): the
 *                            authorization-code flow with PKCE, people logging in with the development log-in
 */
@ConfigurationProperties("mianshen.identity")
public record IdentitySettings(
        String issuer,
        @DefaultValue("mianshen") String audience,
        Path keyFile,
        @DefaultValue("1h") Duration clientTokenLifetime,
        @DefaultValue List<Client> clients,
        @DefaultValue DevelopmentLogin developmentLogin,
        @DefaultValue List<BrowserClient> browserClients) {

    /** The setting that names the issuer, as the refusal to start names it. */
    public static final String ISSUER_SETTING = "mianshen.identity.issuer (MIANSHEN_ISSUER_URI)";

    public IdentitySettings {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalStateException(
                    "No token issuer is configured: set " + ISSUER_SETTING + ", e.g. http://localhost:9000");
        }
        if (!browserClients.isEmpty() && !developmentLogin.enabled()) {
            throw new IllegalStateException("mianshen.identity.browser-clients need the development log-in for people"
                    + " (mianshen.identity.development-login.enabled): a province's own provider logs its people in");
        }
    }

    /**
     * An application people use in their browser: a public client (no secret) of the authorization-code flow, which
     * must prove its code with PKCE (S256).
     *
     * @param id           the {@code client_id}
     * @param redirectUris where the provider may send the code: exactly these addresses
     */
    public record BrowserClient(String id, @DefaultValue List<String> redirectUris) {

        public BrowserClient {
            if (id == null || id.isBlank() || redirectUris.isEmpty()) {
                throw new IllegalStateException(
                        "a browser client needs an id and its redirect-uris: mianshen.identity.browser-clients[n]");
            }
        }
    }

    /**
     * A machine client (OAuth 2 client credentials).
     *
     * @param id         the {@code client_id}, also the token's {@code sub}
     * @param secret     its secret (kept hashed in memory)
     * @param roles      the {@code roles} claim: FEED for a data feed, OPERATOR for a metrics scraper
     * @param sources    the CloudEvents sources a feed may publish ({@code sources} claim); {@code /feeds/tax/*}
     *                   covers every source under {@code /feeds/tax/}
     * @param eventTypes the event types a feed may publish ({@code event_types} claim); {@code gov.tax.*} covers
     *                   every type starting with {@code gov.tax.}
     */
    public record Client(
            String id,
            String secret,
            @DefaultValue List<String> roles,
            @DefaultValue List<String> sources,
            @DefaultValue List<String> eventTypes) {}

    /**
     * The development log-in ({@code POST /dev/login}): staff by name, an enterprise by its USCC, one password.
     *
     * @param enabled       off unless the local stack turns it on
     * @param password      the password of every development user; required when enabled
     * @param tokenLifetime how long a person's token lives
     * @param staff         user name to role, e.g. {@code auditor: AUDITOR}
     */
    public record DevelopmentLogin(
            @DefaultValue("false") boolean enabled,
            String password,
            @DefaultValue("8h") Duration tokenLifetime,
            @DefaultValue Map<String, String> staff) {

        public DevelopmentLogin {
            if (enabled && (password == null || password.isBlank())) {
                throw new IllegalStateException("The development log-in is enabled without a password: set"
                        + " mianshen.identity.development-login.password (MIANSHEN_DEV_LOGIN_PASSWORD)");
            }
        }
    }
}
