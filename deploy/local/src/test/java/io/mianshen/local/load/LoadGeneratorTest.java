package io.mianshen.local.load;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The load generator says so when it sent more slowly than the rate it was asked for. */
class LoadGeneratorTest {

    @Test
    void aMissedRateIsSaidWithBothFigures() {
        assertThat(LoadGenerator.rateMissed(500, 310.4))
                .hasValueSatisfying(line -> assertThat(line)
                        .startsWith("MISSED THE RATE")
                        .contains("asked for 500 events/s")
                        .contains("sent 310 events/s")
                        .contains("62 %"));
        assertThat(LoadGenerator.rateMissed(500, 480)).as("within 5 %").isEmpty();
        assertThat(LoadGenerator.rateMissed(0, 12))
                .as("as fast as possible has no rate to miss")
                .isEmpty();
    }
}
