package io.mianshen.audit.config;

import io.mianshen.support.security.BearerTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Only auditors (role AUDITOR) use this service, and only to read: searches, histories, totals, exports,
 * and {@code POST /api/audit/verify}, which recomputes the chain without changing it.
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
                        .requestMatchers(HttpMethod.GET, "/api/audit/**")
                        .hasRole("AUDITOR")
                        .requestMatchers(HttpMethod.POST, "/api/audit/verify")
                        .hasRole("AUDITOR")
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
