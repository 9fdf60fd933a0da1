package io.mianshen.console.config;

import java.util.Collection;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserRequest;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.user.DefaultOAuth2User;
import org.springframework.security.oauth2.core.user.OAuth2User;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may see which page: the home page, the publicity list and the static files are public; every other page needs
 * a log-in at the identity provider (OAuth 2 authorization code with PKCE: the console is a public client). The person
 * is read from their access token (an RS256 JWT checked against the provider's keys): its subject, roles and USCC.
 * Which role may call which API is the gateway's and the services' to decide; a page only shows what they answer.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    @Bean
    SecurityFilterChain console(HttpSecurity http, OAuth2UserService<OAuth2UserRequest, OAuth2User> people)
            throws Exception {
        return http.authorizeHttpRequests(requests -> requests.requestMatchers(
                                "/",
                                "/publicity",
                                "/publicity/**",
                                "/webjars/**",
                                "/css/**",
                                "/actuator/health",
                                "/actuator/health/**",
                                "/error")
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .oauth2Login(login -> login.userInfoEndpoint(user -> user.userService(people)))
                .logout(logout -> logout.logoutSuccessUrl("/"))
                .build();
    }

    @Bean
    JwtDecoder tokens(ConsoleSettings settings) {
        NimbusJwtDecoder decoder =
                NimbusJwtDecoder.withJwkSetUri(settings.jwksUri()).build();
        decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(settings.issuer()));
        return decoder;
    }

    /** The person behind a log-in, from the access token the provider gave: no user-info call. */
    @Bean
    OAuth2UserService<OAuth2UserRequest, OAuth2User> people(JwtDecoder tokens) {
        return request -> {
            Jwt token = tokens.decode(request.getAccessToken().getTokenValue());
            List<String> roles = token.getClaimAsStringList("roles");
            Collection<GrantedAuthority> authorities = (roles == null ? List.<String>of() : roles)
                    .stream()
                            .map(role -> (GrantedAuthority) new SimpleGrantedAuthority("ROLE_" + role))
                            .toList();
            return new DefaultOAuth2User(authorities, token.getClaims(), "sub");
        };
    }
}
