package io.mianshen.eligibility.publicity;

import io.mianshen.eligibility.config.EligibilitySettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;

/**
 * The working-day calendar (the bundled one, or the file {@code MIANSHEN_CALENDAR_FILE} names, checked at start) and the
 * finality sweep's schedule ({@code mianshen.publicity.finality-interval}, first after {@code finality-delay}).
 */
@Configuration(proxyBeanMethods = false)
class PublicityConfiguration {

    static final String BUNDLED = "calendar/china-working-days.yaml";

    @Bean
    SchedulingConfigurer finalitySweeps(Finality finality, EligibilitySettings settings) {
        return registrar -> registrar.addFixedDelayTask(new FixedDelayTask(
                finality::sweep,
                settings.publicity().finalityInterval(),
                settings.publicity().finalityDelay()));
    }

    @Bean
    WorkingCalendar workingCalendar(EligibilitySettings settings) throws IOException {
        String file = settings.publicity().calendarFile();
        if (!file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalStateException(
                        "MIANSHEN_CALENDAR_FILE names " + path.toAbsolutePath() + ", which cannot be read");
            }
            return WorkingCalendar.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        }
        try (InputStream in = new ClassPathResource(BUNDLED).getInputStream()) {
            return WorkingCalendar.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
        }
    }
}
