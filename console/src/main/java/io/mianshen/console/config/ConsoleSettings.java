package io.mianshen.console.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where the console finds the gateway and the identity provider's keys ({@code mianshen.console.*}), checked at start.
 *
 * @param gatewayUrl the gateway's address as the console calls it ({@code MIANSHEN_GATEWAY_URL})
 * @param issuer     the identity provider's issuer, which every token must name ({@code MIANSHEN_ISSUER_URI})
 * @param jwksUri    its keys ({@code MIANSHEN_JWKS_URI}; empty: {@code <issuer>/oauth2/jwks})
 */
@ConfigurationProperties("mianshen.console")
public record ConsoleSettings(String gatewayUrl, String issuer, String jwksUri) {

    public ConsoleSettings {
        if (gatewayUrl == null || !gatewayUrl.matches("https?://\\S+")) {
            throw new IllegalArgumentException(
                    "mianshen.console.gateway-url (environment variable MIANSHEN_GATEWAY_URL) must be an http(s) URL; it is "
                            + gatewayUrl);
        }
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException(
                    "mianshen.console.issuer (environment variable MIANSHEN_ISSUER_URI) must be"
                            + " the identity provider's issuer; it is not set");
        }
        gatewayUrl = gatewayUrl.replaceAll("/+$", "");
        jwksUri = jwksUri == null || jwksUri.isBlank() ? issuer.replaceAll("/+$", "") + "/oauth2/jwks" : jwksUri;
    }
}
