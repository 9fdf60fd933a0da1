package io.mianshen.notification.config;

import io.mianshen.support.security.BearerTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * The inbox API is for enterprises only (role ENTERPRISE); each request is narrowed to the USCC of the
 * token's {@code uscc} claim by the controllers, so one enterprise never sees another's notices.
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
                        .requestMatchers("/api/notices/**", "/api/notices")
                        .hasRole("ENTERPRISE")
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
