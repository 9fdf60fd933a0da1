package io.mianshen.identity.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.mianshen.identity.config.IdentitySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.text.ParseException;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;

/**
 * The RSA key that signs every token (RS256), published without its private part at {@code /oauth2/jwks}. It is
 * kept in {@code mianshen.identity.key-file} so that tokens outlive a restart of the provider.
 */
@Configuration(proxyBeanMethods = false)
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    @Bean
    JWKSource<SecurityContext> jwkSource(IdentitySettings settings) {
        return new ImmutableJWKSet<>(new JWKSet(load(settings.keyFile())));
    }

    @Bean
    JwtEncoder jwtEncoder(JWKSource<SecurityContext> keys) {
        return new NimbusJwtEncoder(keys);
    }

    /** The key in {@code file}, or a new one written there (owner-only) when the file does not exist yet. */
    static RSAKey load(Path file) {
        try {
            if (file != null && Files.exists(file)) {
                return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
            }
            RSAKey key = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
            if (file != null) {
                if (file.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(file.toAbsolutePath().getParent());
                }
                Files.writeString(file, key.toJSONString(), StandardCharsets.UTF_8);
                try {
                    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    log.warn("cannot restrict {} to its owner on this file system", file);
                }
                log.info("new signing key {} written to {}", key.getKeyID(), file);
            }
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the signing key " + file, e);
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException("the signing key in " + file + " is not an RSA JWK: " + e.getMessage(), e);
        }
    }
}
