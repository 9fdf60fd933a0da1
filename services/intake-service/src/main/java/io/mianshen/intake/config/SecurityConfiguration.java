package io.mianshen.intake.config;

import io.mianshen.support.security.BearerTokens;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/** Only data feeds (role FEED) publish; the gateway checks the same token first. */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

    @Bean
    SecurityFilterChain security(HttpSecurity http) throws Exception {
        return BearerTokens.resourceServer(http)
                .authorizeHttpRequests(requests -> requests.requestMatchers(BearerTokens.OPEN_PATHS)
                        .permitAll()
                        .requestMatchers(BearerTokens.OPERATIONS_PATHS)
                        .hasRole("OPERATOR")
                        .requestMatchers(HttpMethod.POST, "/events", "/events/batch", "/events/csv")
                        .hasRole("FEED")
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
