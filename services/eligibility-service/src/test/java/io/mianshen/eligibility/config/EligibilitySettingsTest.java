package io.mianshen.eligibility.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The service's settings as its application.yml and an operator's environment give them, checked when it starts. */
class EligibilitySettingsTest {

    @EnableConfigurationProperties(EligibilitySettings.class)
    static class Settings {}

    private final ApplicationContextRunner service = new ApplicationContextRunner()
            .withInitializer(new ConfigDataApplicationContextInitializer())
            .withUserConfiguration(Settings.class);

    @Test
    void theDefaultsAreThoseTheReadmeNamesAndAnOperatorsVariableOverridesThem() {
        service.run(context -> {
            EligibilitySettings settings = context.getBean(EligibilitySettings.class);
            assertThat(settings.decisions().threads()).isEqualTo(2);
            assertThat(settings.decisions().batch()).isEqualTo(500);
            assertThat(settings.publicity().finalityInterval()).isEqualTo(Duration.ofMinutes(1));
            assertThat(settings.policies().directory()).isEmpty();
        });
        service.withPropertyValues("ELIGIBILITY_DECIDER_THREADS=0", "ELIGIBILITY_DECIDER_IDLE_POLL=2s")
                .run(context -> {
                    EligibilitySettings settings = context.getBean(EligibilitySettings.class);
                    assertThat(settings.decisions().threads()).isZero();
                    assertThat(settings.decisions().idlePoll()).isEqualTo(Duration.ofSeconds(2));
                });
    }

    @Test
    void aValueOutOfRangeStopsTheServiceNamingTheSettingItsVariableAndTheValue() {
        service.withPropertyValues("ELIGIBILITY_DECIDER_BATCH=0").run(context -> {
            assertThat(context).hasFailed();
            assertThat(rootMessage(context.getStartupFailure()))
                    .isEqualTo(
                            "mianshen.decisions.batch (environment variable ELIGIBILITY_DECIDER_BATCH) must be at least 1; it is 0");
        });
        service.withPropertyValues("mianshen.publicity.objections-per-contact-per-day=-3")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure()))
                            .contains("MIANSHEN_PUBLICITY_OBJECTIONS_PER_CONTACT_PER_DAY", "-3");
                });
    }

    @Test
    void aValueOfTheWrongKindStopsTheServiceNamingTheSetting() {
        service.withPropertyValues("ELIGIBILITY_DECIDER_IDLE_POLL=soon").run(context -> {
            assertThat(context).hasFailed();
            assertThat(messages(context.getStartupFailure())).contains("mianshen.decisions.idle-poll", "soon");
        });
    }

    /** Every message of the failure and its causes, as Spring Boot reports a failed start. */
    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause.getMessage()).append('\n');
        }
        return all.toString();
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
