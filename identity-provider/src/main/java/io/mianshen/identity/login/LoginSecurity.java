package io.mianshen.identity.login;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Everything that is not an authorization-server endpoint: the development log-in (it checks the password itself,
 * sets no cookie, so needs no CSRF token), the browser log-in page of the authorization-code flow (a session and a
 * CSRF token; {@link DevelopmentPeople} checks the password), and the health probes; nothing else.
 */
@Configuration(proxyBeanMethods = false)
class LoginSecurity {

    @Bean
    @Order(2)
    SecurityFilterChain everythingElse(HttpSecurity http, DevelopmentPeople people) throws Exception {
        return http.csrf(csrf -> csrf.ignoringRequestMatchers("/dev/login"))
                .authenticationProvider(people)
                .formLogin(form -> form.permitAll())
                .authorizeHttpRequests(requests -> requests.requestMatchers(HttpMethod.POST, "/dev/login")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/error")
                        .permitAll()
                        .anyRequest()
                        .denyAll())
                .build();
    }
}
