package io.mianshen.identity.clients;

import io.mianshen.identity.config.IdentitySettings;
import io.mianshen.identity.login.DevelopmentPeople;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.oauth2.server.authorization.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.OAuth2TokenFormat;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * People log in to browser clients (the web console) with the authorization-code flow and PKCE, through the
 * development log-in's page ({@link DevelopmentPeople}); their token carries the same claims as {@code /dev/login}'s.
 * Feeds and services authenticate with OAuth 2 client credentials at {@code POST /oauth2/token} (HTTP Basic with
 * the client's id and secret). Their RS256 access token carries {@code roles}, and for a feed the {@code sources}
 * and {@code event_types} it may publish; its audience is {@code mianshen.identity.audience}.
 */
@Configuration(proxyBeanMethods = false)
public class MachineClients {

    static final String ROLES = "mianshen.roles";
    static final String SOURCES = "mianshen.sources";
    static final String EVENT_TYPES = "mianshen.event-types";

    @Bean
    @Order(1)
    SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
        OAuth2AuthorizationServerConfigurer authorizationServer = new OAuth2AuthorizationServerConfigurer();
        return http.securityMatcher(authorizationServer.getEndpointsMatcher())
                .with(authorizationServer, Customizer.withDefaults())
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // a person asking a browser client's authorization is sent to the log-in page first
                .exceptionHandling(exceptions -> exceptions.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint("/login"),
                        new MediaTypeRequestMatcher(MediaType.TEXT_HTML)))
                .build();
    }

    @Bean
    AuthorizationServerSettings authorizationServerSettings(IdentitySettings settings) {
        return AuthorizationServerSettings.builder().issuer(settings.issuer()).build();
    }

    @Bean
    RegisteredClientRepository registeredClients(IdentitySettings settings) {
        PasswordEncoder hashes = PasswordEncoderFactories.createDelegatingPasswordEncoder();
        List<RegisteredClient> clients = new ArrayList<>();
        for (IdentitySettings.Client client : settings.clients()) {
            if (client.secret() == null || client.secret().isBlank()) {
                throw new IllegalStateException(
                        "client " + client.id() + " has no secret: set mianshen.identity.clients[n].secret");
            }
            clients.add(RegisteredClient.withId(client.id())
                    .clientId(client.id())
                    .clientSecret(hashes.encode(client.secret()))
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .tokenSettings(TokenSettings.builder()
                            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                            .accessTokenTimeToLive(settings.clientTokenLifetime())
                            .build())
                    .clientSettings(ClientSettings.builder()
                            .setting(ROLES, List.copyOf(client.roles()))
                            .setting(SOURCES, List.copyOf(client.sources()))
                            .setting(EVENT_TYPES, List.copyOf(client.eventTypes()))
                            .build())
                    .build());
        }
        for (IdentitySettings.BrowserClient client : settings.browserClients()) {
            clients.add(RegisteredClient.withId(client.id())
                    .clientId(client.id())
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUris(uris -> uris.addAll(client.redirectUris()))
                    .clientSettings(ClientSettings.builder()
                            .requireProofKey(true)
                            .requireAuthorizationConsent(false)
                            .build())
                    .tokenSettings(TokenSettings.builder()
                            .accessTokenFormat(OAuth2TokenFormat.SELF_CONTAINED)
                            .accessTokenTimeToLive(settings.developmentLogin().tokenLifetime())
                            .build())
                    .build());
        }
        if (clients.isEmpty()) {
            // the repository needs one client; this one can never authenticate
            clients.add(RegisteredClient.withId("none")
                    .clientId("none")
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .build());
        }
        return new InMemoryRegisteredClientRepository(clients);
    }

    @Bean
    OAuth2TokenCustomizer<JwtEncodingContext> tokenClaims(IdentitySettings settings, DevelopmentPeople people) {
        return context -> {
            if (!OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                return;
            }
            if (AuthorizationGrantType.AUTHORIZATION_CODE.equals(context.getAuthorizationGrantType())) {
                // a person through a browser client: the same claims as the development log-in's token
                people.claims(DevelopmentPeople.of(context.getPrincipal()), context.getClaims());
                context.getClaims()
                        .claim("client_id", context.getRegisteredClient().getClientId());
                return;
            }
            if (!AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                return;
            }
            ClientSettings client = context.getRegisteredClient().getClientSettings();
            context.getClaims()
                    .audience(List.of(settings.audience()))
                    .claim("client_id", context.getRegisteredClient().getClientId())
                    .claim("roles", client.<List<String>>getSetting(ROLES));
            List<String> sources = client.getSetting(SOURCES);
            List<String> eventTypes = client.getSetting(EVENT_TYPES);
            if (!sources.isEmpty()) {
                context.getClaims().claim("sources", sources);
            }
            if (!eventTypes.isEmpty()) {
                context.getClaims().claim("event_types", eventTypes);
            }
        };
    }
}
