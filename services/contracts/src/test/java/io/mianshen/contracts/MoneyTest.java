package io.mianshen.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "1234567.89", "10.5", "150000.00"})
    void acceptsYuanWithAtMostTwoDecimals(String text) {
        assertThat(Money.isAmount(text)).isTrue();
        assertThat(Money.isSignedAmount(text)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.005", "1,000.00", "1e6", "01.00", ".50", "1.", " 1.00", "-1.00", "¥1.00", ""})
    void rejectsAnythingElseAsAnAmount(String text) {
        assertThat(Money.isAmount(text)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1.00", "-6300000.5"})
    void acceptsLossesOnlyAsSignedAmounts(String text) {
        assertThat(Money.isSignedAmount(text)).isTrue();
        assertThat(Money.isAmount(text)).isFalse();
    }
}
