package io.mianshen.identity;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The local stack's identity provider: Spring Authorization Server issuing RS256 tokens, with its keys at
 * {@code /oauth2/jwks}. A province runs Mianshen against its own provider instead; the services only need its
 * issuer and JWKS address and the claims described in the README.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class IdentityProviderApplication {

    public static void main(String[] args) {
        SpringApplication.run(IdentityProviderApplication.class, args);
    }
}
