package io.mianshen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SentencesTest {

    @Test
    void amountsAreWrittenWithTwoDecimalsAndThousandsSeparators() {
        assertThat(Sentences.money(new BigDecimal("0"))).isEqualTo("0.00");
        assertThat(Sentences.money(new BigDecimal("999.5"))).isEqualTo("999.50");
        assertThat(Sentences.money(new BigDecimal("1000"))).isEqualTo("1,000.00");
        assertThat(Sentences.money(new BigDecimal("1234567.805"))).isEqualTo("1,234,567.81");
        assertThat(Sentences.money(new BigDecimal("100000000.00"))).isEqualTo("100,000,000.00");
        assertThat(Sentences.money(new BigDecimal("-2500000.004"))).isEqualTo("-2,500,000.00");
        assertThat(Sentences.money(new BigDecimal("-0.004"))).isEqualTo("0.00");
    }

    @Test
    void amountsAreWrittenAsTheNoticesAlwaysWroteThem() {
        DecimalFormat notices = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        notices.setRoundingMode(RoundingMode.HALF_UP);
        Random random = new Random(19);
        for (int i = 0; i < 20_000; i++) {
            BigDecimal amount = BigDecimal.valueOf(random.nextLong() % 100_000_000_000L, random.nextInt(5));
            if (amount.setScale(2, RoundingMode.HALF_UP).signum() != 0) {
                assertThat(Sentences.money(amount)).as("%s", amount).isEqualTo(notices.format(amount));
            }
        }
    }
}
