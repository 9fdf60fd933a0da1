package io.mianshen.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The identity provider of the tests: one RSA key per test JVM, its public half served as a JWKS at
 * {@code http://127.0.0.1:PORT/oauth2/jwks}, the issuer {@code http://127.0.0.1:PORT}. The services and the gateway
 * check {@link TestTokens} through this JWKS exactly as they check a real provider's tokens; every Spring test
 * context gets its address ({@link #properties()}).
 */
public final class TestIdentityProvider {

    /** The audience every service accepts. */
    public static final String AUDIENCE = "mianshen";

    private static volatile TestIdentityProvider instance;

    private final RSAKey key;
    private final HttpServer server;

    private TestIdentityProvider(RSAKey key, HttpServer server) {
        this.key = key;
        this.server = server;
    }

    /** The provider of this JVM, started on first use. */
    public static TestIdentityProvider get() {
        TestIdentityProvider current = instance;
        if (current == null) {
            synchronized (TestIdentityProvider.class) {
                if (instance == null) {
                    instance = start();
                }
                current = instance;
            }
        }
        return current;
    }

    private static TestIdentityProvider start() {
        try {
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID("test-key")
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/oauth2/jwks", exchange -> {
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream body = exchange.getResponseBody()) {
                    body.write(jwks);
                }
            });
            server.start();
            return new TestIdentityProvider(key, server);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot make the test signing key", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test JWKS server", e);
        }
    }

    /** The {@code iss} of its tokens. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Where its public key is published. */
    public String jwksUri() {
        return issuer() + "/oauth2/jwks";
    }

    RSAKey key() {
        return key;
    }

    /** The settings that point a service or the gateway at this provider. */
    public Map<String, Object> properties() {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", issuer());
        properties.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", jwksUri());
        return properties;
    }

    /** {@link #properties()} as command-line arguments, for an application started by hand. */
    public List<String> arguments() {
        return properties().entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toList();
    }
}
