package io.mianshen.eligibility.config;

import io.mianshen.support.security.BearerTokens;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * The service checks the caller's JWT again behind the gateway ({@code service-support}'s
 * {@link BearerTokens}). POLICY_ADMIN administers policies; AUDITOR reads everything; ENTERPRISE reads
 * only the decisions of the USCC in its {@code uscc} claim; REVIEWER reads and rules on objections during publicity;
 * anyone reads the publicity list (公示). Refusals are
 * RFC 9457 problem details.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return BearerTokens.resourceServer(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(BearerTokens.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers(BearerTokens.OPERATIONS_PATHS)
                        .hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.POST, "/api/policies/**")
                        .hasRole("POLICY_ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/policies/**")
                        .hasAnyRole("POLICY_ADMIN", "AUDITOR")
                        // the publicity list (公示) is public by its nature
                        .requestMatchers(HttpMethod.GET, "/api/publicity")
                        .permitAll()
                        // and anyone may object to a published grant during its window (capped per grant and contact)
                        .requestMatchers(HttpMethod.POST, "/api/publicity/{decisionId}/objections")
                        .permitAll()
                        // the review of objections (复核): reviewers only; the cases name the objectors and their
                        // contacts
                        .requestMatchers(HttpMethod.GET, "/api/reviews", "/api/reviews/{decisionId}")
                        .hasRole("REVIEWER")
                        .requestMatchers(HttpMethod.POST, "/api/reviews/{decisionId}/ruling")
                        .hasRole("REVIEWER")
                        .requestMatchers(HttpMethod.GET, "/api/decisions/{uscc}", "/api/decisions/{uscc}/publicity")
                        .access(SecurityConfiguration::ownDecisionsOrAuditor)
                        .anyRequest()
                        .denyAll())
                .build();
    }

    private static AuthorizationDecision ownDecisionsOrAuditor(
            Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) {
        Authentication caller = authentication.get();
        boolean staff = BearerTokens.hasAnyRole(caller, "AUDITOR", "POLICY_ADMIN");
        boolean ownEnterprise = BearerTokens.enterpriseUscc(caller)
                .filter(context.getVariables().get("uscc")::equals)
                .isPresent();
        return new AuthorizationDecision(staff || ownEnterprise);
    }
}
