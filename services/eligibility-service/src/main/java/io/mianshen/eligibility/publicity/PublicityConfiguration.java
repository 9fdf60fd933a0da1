package io.mianshen.eligibility.publicity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The working-day calendar: the bundled one, or the file {@code MIANSHEN_CALENDAR_FILE} names (checked at start). */
@Configuration(proxyBeanMethods = false)
class PublicityConfiguration {

    static final String BUNDLED = "calendar/china-working-days.yaml";

    @Bean
    WorkingCalendar workingCalendar(@Value("${mianshen.publicity.calendar-file:}") String file) throws IOException {
        if (!file.isBlank()) {
            Path path = Path.of(file);
            if (!Files.isReadable(path)) {
                throw new IllegalStateException("MIANSHEN_CALENDAR_FILE names " + path.toAbsolutePath() + ", which cannot be read");
            }
            return WorkingCalendar.parse(Files.readString(path, StandardCharsets.UTF_8), path.toString());
        }
        try (InputStream in = new ClassPathResource(BUNDLED).getInputStream()) {
            return WorkingCalendar.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUNDLED);
        }
    }
}
