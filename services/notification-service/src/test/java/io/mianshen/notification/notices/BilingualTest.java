package io.mianshen.notification.notices;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each notice speaks one language: a reason written "中文 (English)" is split, anything else is kept whole. */
class BilingualTest {

    @Test
    void aReasonInBothLanguagesIsSplitAtTheParenthesisThatClosesIt() {
        assertThat(Bilingual.of("事实变更，金额重新核定 (facts changed: amount recalculated)"))
                .isEqualTo(new Bilingual("事实变更，金额重新核定", "Facts changed: amount recalculated"));
        // parentheses inside the English part stay with it
        assertThat(Bilingual.of("触发该奖励的事实已不存在 (the fact (a certificate) that triggered it is gone)")
                        .en())
                .isEqualTo("The fact (a certificate) that triggered it is gone");
    }

    @Test
    void aReasonInOneLanguageIsTheSameInBoth() {
        assertThat(Bilingual.of("列入严重失信主体名单")).isEqualTo(new Bilingual("列入严重失信主体名单", "列入严重失信主体名单"));
        assertThat(Bilingual.of("(only English)")).isEqualTo(new Bilingual("(only English)", "(only English)"));
        assertThat(Bilingual.of(null)).isEqualTo(new Bilingual(null, null));
    }
}
