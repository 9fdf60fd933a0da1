package io.mianshen.gateway.security;

import io.mianshen.gateway.web.Problems;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import reactor.core.publisher.Mono;

/**
 * The gateway checks every token before routing, by the rules of {@link GatewayTokenRules} (the identity
 * provider's issuer and keys, audience, {@code exp}, maximum lifetime), as the services do again. Roles (the {@code roles} claim): FEED publishes
 * to intake; ENTERPRISE reads its own notices and its own decisions (the {@code uscc} claim must match);
 * AUDITOR reads decisions, policies and audit and writes nothing; POLICY_ADMIN manages policies; REVIEWER reads and rules on
 * objections during publicity;
 * OPERATOR reads the gateway's own metrics ({@code /actuator/prometheus}). Anything
 * else is 401 (no valid token) or 403, as problem details. The services check the same token again.
 */
@Configuration(proxyBeanMethods = false)
class GatewaySecurity {

    @Bean
    ReactiveJwtDecoder jwtDecoder(Environment settings) {
        GatewayTokenRules rules = GatewayTokenRules.from(settings);
        NimbusReactiveJwtDecoder decoder = rules.jwkSetUri().isBlank()
                ? NimbusReactiveJwtDecoder.withIssuerLocation(rules.issuer()).build()
                : NimbusReactiveJwtDecoder.withJwkSetUri(rules.jwkSetUri()).build();
        decoder.setJwtValidator(rules.validator());
        return decoder;
    }

    @Bean
    SecurityWebFilterChain security(ServerHttpSecurity http, Environment settings) {
        JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
        roles.setAuthoritiesClaimName(GatewayTokenRules.from(settings).rolesClaim());
        roles.setAuthorityPrefix("ROLE_");
        JwtAuthenticationConverter authentication = new JwtAuthenticationConverter();
        authentication.setJwtGrantedAuthoritiesConverter(roles);
        return http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .pathMatchers("/actuator/**")
                        .hasRole("OPERATOR")
                        .pathMatchers(
                                HttpMethod.GET,
                                "/openapi/**",
                                "/v3/api-docs/**",
                                "/swagger-ui.html",
                                "/swagger-ui/**",
                                "/webjars/**")
                        .permitAll()
                        // the AsyncAPI document of every topic (rendered from the event contract), public as the
                        // OpenAPI ones are
                        .pathMatchers(HttpMethod.GET, "/asyncapi.json")
                        .permitAll()
                        .pathMatchers(HttpMethod.GET, "/api/publicity")
                        .permitAll()
                        // the web console logs its people in itself (at the identity provider) and calls the APIs
                        // back through here with their tokens
                        .pathMatchers("/console", "/console/**")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/publicity/{decisionId}/objections")
                        .permitAll()
                        .pathMatchers(HttpMethod.POST, "/api/intake/**")
                        .hasRole("FEED")
                        .pathMatchers(HttpMethod.GET, "/api/policies", "/api/policies/**")
                        .hasAnyRole("POLICY_ADMIN", "AUDITOR")
                        .pathMatchers(HttpMethod.POST, "/api/policies", "/api/policies/**")
                        .hasRole("POLICY_ADMIN")
                        .pathMatchers(HttpMethod.GET, "/api/reviews", "/api/reviews/{decisionId}")
                        .hasRole("REVIEWER")
                        .pathMatchers(HttpMethod.POST, "/api/reviews/{decisionId}/ruling")
                        .hasRole("REVIEWER")
                        .pathMatchers(HttpMethod.GET, "/api/decisions/{uscc}", "/api/decisions/{uscc}/**")
                        .access(GatewaySecurity::ownDecisionsOrStaff)
                        .pathMatchers("/api/notices", "/api/notices/**")
                        .hasRole("ENTERPRISE")
                        .pathMatchers(HttpMethod.GET, "/api/audit/**")
                        .hasRole("AUDITOR")
                        .pathMatchers(HttpMethod.POST, "/api/audit/verify")
                        .hasRole("AUDITOR")
                        .anyExchange()
                        .denyAll())
                .oauth2ResourceServer(server -> server.jwt(jwt -> jwt.jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(authentication)))
                        .authenticationEntryPoint((exchange, e) -> Problems.write(
                                exchange.getResponse(),
                                HttpStatus.UNAUTHORIZED,
                                "Authentication required",
                                "a valid bearer token is required"))
                        .accessDeniedHandler(GatewaySecurity::refuse))
                .exceptionHandling(errors -> errors.authenticationEntryPoint((exchange, e) -> Problems.write(
                                exchange.getResponse(),
                                HttpStatus.UNAUTHORIZED,
                                "Authentication required",
                                "a valid bearer token is required"))
                        .accessDeniedHandler(GatewaySecurity::refuse))
                .build();
    }

    /**
     * A 403 that says why: an enterprise's token used on another enterprise's USCC names both (the role is right, the
     * enterprise is not); anything else names the token's roles and the request.
     */
    private static Mono<Void> refuse(
            org.springframework.web.server.ServerWebExchange exchange,
            org.springframework.security.access.AccessDeniedException denied) {
        String path = exchange.getRequest().getPath().value();
        String method = exchange.getRequest().getMethod().name();
        return exchange.getPrincipal()
                .map(principal -> refusal(principal, method, path))
                .defaultIfEmpty("the request needs a token with another role: " + method + " " + path)
                .flatMap(detail -> Problems.write(exchange.getResponse(), HttpStatus.FORBIDDEN, "Forbidden", detail));
    }

    private static String refusal(java.security.Principal principal, String method, String path) {
        if (principal instanceof Authentication caller) {
            java.util.regex.Matcher asked =
                    java.util.regex.Pattern.compile("^/api/decisions/([^/]+)").matcher(path);
            boolean enterprise = caller.getAuthorities().stream()
                    .anyMatch(a -> a.getAuthority().equals("ROLE_ENTERPRISE"));
            if (enterprise
                    && caller.getPrincipal() instanceof Jwt jwt
                    && asked.find()
                    && !asked.group(1).equals(jwt.getClaimAsString("uscc"))) {
                return "this token is enterprise " + jwt.getClaimAsString("uscc")
                        + "'s: an enterprise reads its own decisions only, not those of " + asked.group(1);
            }
            String roles = caller.getAuthorities().stream()
                    .map(a -> a.getAuthority())
                    .filter(a -> a.startsWith("ROLE_"))
                    .map(a -> a.substring("ROLE_".length()))
                    .sorted()
                    .collect(java.util.stream.Collectors.joining(", "));
            return "the token's roles (" + (roles.isEmpty() ? "none" : roles) + ") do not allow " + method + " " + path;
        }
        return "the request needs a token with another role: " + method + " " + path;
    }

    private static Mono<AuthorizationResult> ownDecisionsOrStaff(
            Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(caller -> {
                    boolean staff = caller.getAuthorities().stream()
                            .anyMatch(a -> a.getAuthority().equals("ROLE_AUDITOR")
                                    || a.getAuthority().equals("ROLE_POLICY_ADMIN"));
                    boolean own = caller.getAuthorities().stream()
                                    .anyMatch(a -> a.getAuthority().equals("ROLE_ENTERPRISE"))
                            && caller.getPrincipal() instanceof Jwt jwt
                            && String.valueOf(context.getVariables().get("uscc"))
                                    .equals(jwt.getClaimAsString("uscc"));
                    return (AuthorizationResult) new AuthorizationDecision(staff || own);
                })
                .defaultIfEmpty(new AuthorizationDecision(false));
    }
}
