package io.mianshen.support.openapi;

import io.mianshen.support.settings.SupportSettings;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Makes each service's OpenAPI description usable from the gateway's Swagger UI: a bearer (JWT) security scheme
 * required by every operation (the Authorize button takes a development token), and the gateway as the only server,
 * so that "Try it out" goes through it: {@code mianshen.openapi.server-url} ({@code MIANSHEN_PUBLIC_URL}, default
 * {@code http://localhost:8080}) followed by the service's route prefix on the gateway
 * ({@code mianshen.openapi.gateway-prefix}: {@code /api/intake} for intake, nothing for the others).
 */
@AutoConfiguration
@ConditionalOnClass(OpenApiCustomizer.class)
@EnableConfigurationProperties(SupportSettings.class)
public class OpenApiThroughGateway {

    /** The security scheme's name in every description. */
    public static final String BEARER = "bearer";

    @Bean
    OpenApiCustomizer throughTheGateway(SupportSettings settings) {
        String serverUrl = settings.openapi().serverUrl();
        String prefix = settings.openapi().gatewayPrefix();
        return openApi -> {
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents()
                    .addSecuritySchemes(
                            BEARER,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .bearerFormat("JWT")
                                    .description(
                                            "a token of the identity provider (bin/dev-token ROLE on the local stack)"));
            openApi.setSecurity(List.of(new SecurityRequirement().addList(BEARER)));
            openApi.setServers(List.of(
                    new Server().url(serverUrl.replaceAll("/+$", "") + prefix).description("the gateway")));
        };
    }
}
