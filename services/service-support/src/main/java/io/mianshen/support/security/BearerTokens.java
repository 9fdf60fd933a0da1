package io.mianshen.support.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;

/**
 * Bearer tokens as every service checks them behind the gateway: RS256 JWTs from the identity provider named by
 * Boot's resource-server settings ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri}, and
 * {@code jwk-set-uri} or else the provider's discovery document), whose {@code iss} is that issuer, whose
 * {@code aud} holds {@code audiences} ({@code mianshen}), which carry {@code exp} and {@code iat} and live at most
 * {@code mianshen.security.max-token-lifetime} (12 h). Roles come from the {@code authorities-claim-name} claim
 * ({@code roles}: FEED, ENTERPRISE, AUDITOR, POLICY_ADMIN, OPERATOR), an enterprise's USCC from {@code uscc}. A
 * service without an issuer does not start. A service adds its own request rules after
 * {@link #resourceServer(HttpSecurity)}; 401 and 403 are RFC 9457 problem details.
 */
@AutoConfiguration(
        beforeName =
                "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration")
public class BearerTokens {

    /** What every service answers without a token: liveness, readiness and its OpenAPI description. */
    public static final String[] OPEN_PATHS = {
        "/actuator/health", "/actuator/health/**", "/v3/api-docs", "/v3/api-docs/**"
    };

    /** The rest of actuator (metrics, Prometheus): for a metrics scraper's token (role OPERATOR) only. */
    public static final String[] OPERATIONS_PATHS = {"/actuator/**"};

    @Bean
    @ConditionalOnMissingBean
    JwtDecoder jwtDecoder(Environment settings) {
        TokenRules rules = TokenRules.from(settings);
        if (rules.jwkSetUri().isBlank()) {
            return new SupplierJwtDecoder(() -> rules.apply(
                    NimbusJwtDecoder.withIssuerLocation(rules.issuer()).build()));
        }
        return rules.apply(NimbusJwtDecoder.withJwkSetUri(rules.jwkSetUri()).build());
    }

    @Bean
    @ConditionalOnMissingBean
    JwtAuthenticationConverter jwtAuthenticationConverter(Environment settings) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(TokenRules.from(settings).rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);
        return authentication;
    }

    /** Stateless bearer-token checking with roles from the {@code roles} claim and problem-detail refusals. */
    public static HttpSecurity resourceServer(HttpSecurity http) throws Exception {
        return http.csrf(csrf -> csrf.disable())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .oauth2ResourceServer(server -> server.jwt(Customizer.withDefaults())
                        .authenticationEntryPoint((request, response, e) -> problem(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "Authentication required",
                                "a valid bearer token is required: " + e.getMessage()))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden", refusal(request))))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((request, response, e) -> problem(
                                response,
                                HttpStatus.UNAUTHORIZED,
                                "Authentication required",
                                "a valid bearer token is required"))
                        .accessDeniedHandler((request, response, e) ->
                                problem(response, HttpStatus.FORBIDDEN, "Forbidden", refusal(request))));
    }

    /**
     * Why a request with a valid token is refused: an enterprise's token used on another enterprise's USCC says so
     * (the role is right, the enterprise is not); anything else names the token's roles.
     */
    static String refusal(jakarta.servlet.http.HttpServletRequest request) {
        Authentication caller = org.springframework.security.core.context.SecurityContextHolder.getContext()
                .getAuthentication();
        String path = request.getRequestURI();
        Optional<String> own = enterpriseUscc(caller);
        java.util.regex.Matcher asked =
                java.util.regex.Pattern.compile("^/api/decisions/([^/]+)").matcher(path);
        if (own.isPresent() && asked.find() && !asked.group(1).equals(own.get())) {
            return "this token is enterprise " + own.get()
                    + "'s: an enterprise reads its own decisions only, not those of " + asked.group(1);
        }
        String roles = caller == null
                ? "none"
                : caller.getAuthorities().stream()
                        .map(a -> a.getAuthority())
                        .filter(a -> a.startsWith("ROLE_"))
                        .map(a -> a.substring("ROLE_".length()))
                        .sorted()
                        .collect(java.util.stream.Collectors.joining(", "));
        return "the token's roles (" + (roles.isEmpty() ? "none" : roles) + ") do not allow " + request.getMethod()
                + " " + path;
    }

    /** Whether the caller holds any of {@code roles} (without the {@code ROLE_} prefix). */
    public static boolean hasAnyRole(Authentication caller, String... roles) {
        return caller != null
                && caller.isAuthenticated()
                && caller.getAuthorities().stream()
                        .anyMatch(a -> Arrays.stream(roles)
                                .anyMatch(role -> a.getAuthority().equals("ROLE_" + role)));
    }

    /** The USCC of an ENTERPRISE caller's token. */
    public static Optional<String> enterpriseUscc(Authentication caller) {
        if (hasAnyRole(caller, "ENTERPRISE") && caller.getPrincipal() instanceof Jwt jwt) {
            return Optional.ofNullable(jwt.getClaimAsString("uscc"));
        }
        return Optional.empty();
    }

    private static void problem(HttpServletResponse response, HttpStatus status, String title, String detail)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        String traceId = org.slf4j.MDC.get("traceId");
        response.getWriter()
                .write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                        + ",\"detail\":\"" + detail.replace("\\", "\\\\").replace("\"", "'") + "\""
                        + (traceId == null || !traceId.matches("[0-9a-f]{32}")
                                ? ""
                                : ",\"traceId\":\"" + traceId + "\"")
                        + "}");
    }
}
