package io.mianshen.support.security;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * Bearer tokens as every service checks them behind the gateway: HS256 with the shared secret
 * {@code mianshen.security.jwt-secret} (at least 32 bytes), roles in the {@code roles} claim (FEED,
 * ENTERPRISE, AUDITOR, POLICY_ADMIN), an enterprise's USCC in the {@code uscc} claim. A service adds its
 * own request rules after {@link #resourceServer(HttpSecurity)}; 401 and 403 are RFC 9457 problem details.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
public class BearerTokens {

    /** What every service answers without a token: health, metrics and its OpenAPI description. */
    public static final String[] OPEN_PATHS = {"/actuator/**", "/v3/api-docs", "/v3/api-docs/**"};

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(@Value("${mianshen.security.jwt-secret}") String secret) {
        byte[] key = secret.getBytes(StandardCharsets.UTF_8);
        if (key.length < 32) {
            throw new IllegalStateException("mianshen.security.jwt-secret must be at least 32 bytes for HS256");
        }
        return NimbusJwtDecoder.withSecretKey(new SecretKeySpec(key, "HmacSHA256")).build();
    }

    /** Stateless bearer-token checking with roles from the {@code roles} claim and problem-detail refusals. */
    public static HttpSecurity resourceServer(HttpSecurity http) throws Exception {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName("roles");
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(authentication))
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, HttpStatus.UNAUTHORIZED, "Authentication required", "a valid bearer token is required: " + e.getMessage()))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden", "the token's roles do not allow this request")))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint((request, response, e) ->
                                problem(response, HttpStatus.UNAUTHORIZED, "Authentication required", "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden", "the token's roles do not allow this request")));
    }

    /** Whether the caller holds any of {@code roles} (without the {@code ROLE_} prefix). */
    public static boolean hasAnyRole(Authentication caller, String... roles) {
        return caller != null && caller.isAuthenticated() && caller.getAuthorities().stream()
                .anyMatch(a -> Arrays.stream(roles).anyMatch(role -> a.getAuthority().equals("ROLE_" + role)));
    }

    /** The USCC of an ENTERPRISE caller's token. */
    public static Optional<String> enterpriseUscc(Authentication caller) {
        if (hasAnyRole(caller, "ENTERPRISE") && caller.getPrincipal() instanceof Jwt jwt) {
            return Optional.ofNullable(jwt.getClaimAsString("uscc"));
        }
        return Optional.empty();
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "'") + "\"}");
    }
}
