package io.mianshen.gateway.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/** The gateway's limits as its application.yml and an operator's environment give them, checked when it starts. */
class GatewaySettingsTest {

    @EnableConfigurationProperties(GatewaySettings.class)
    static class Settings {}

    private final ApplicationContextRunner gateway = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Settings.class);

    @Test
    void theReadmesDefaultsAndAnOperatorsOverride() {
        gateway.withPropertyValues("GATEWAY_MAX_BODY_SIZE=10MB").run(context -> {
            GatewaySettings settings = context.getBean(GatewaySettings.class);
            assertThat(settings.maxBodySize()).isEqualTo(DataSize.ofMegabytes(10));
            assertThat(settings.maxUriLength()).isEqualTo(DataSize.ofKilobytes(8));
            assertThat(settings.rateLimit().burst()).isEqualTo(100);
        });
    }

    @Test
    void aBadLimitStopsTheGatewayNamingItsVariableAndARedisPasswordIsNotPrinted() {
        gateway.withPropertyValues("GATEWAY_RATE_LIMIT_PER_SECOND=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .isEqualTo(
                            "mianshen.gateway.rate-limit.per-second (environment variable GATEWAY_RATE_LIMIT_PER_SECOND) must be at least 1; it is 0");
        });
        gateway.withPropertyValues("MIANSHEN_REDIS_URL=http://user:s3cret@redis:6379")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure()))
                            .contains("MIANSHEN_REDIS_URL", "(credentials)")
                            .doesNotContain("s3cret");
                });
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
