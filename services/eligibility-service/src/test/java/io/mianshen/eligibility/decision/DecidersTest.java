package io.mianshen.eligibility.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An enterprise that cannot be decided is tried again after growing pauses, never more than ten minutes apart. */
class DecidersTest {

    @Test
    void pausesDoubleFromOneSecondUpToTenMinutes() {
        assertThat(Deciders.retryPause(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(Deciders.retryPause(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(Deciders.retryPause(10)).isEqualTo(Duration.ofSeconds(512));
        assertThat(Deciders.retryPause(11)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Deciders.retryPause(1_000)).isEqualTo(Duration.ofMinutes(10));
    }
}
