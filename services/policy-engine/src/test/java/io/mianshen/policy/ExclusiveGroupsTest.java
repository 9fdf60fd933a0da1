package io.mianshen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.policy.facts.Period;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExclusiveGroupsTest {

    private static final PolicyPack PACK = PolicyPack.bundled();
    private static final Policy RD_POST = PACK.policy("rd-post-subsidy").orElseThrow();
    private static final Policy CITY = PACK.policy("city-rd-increment-reward").orElseThrow();

    @Test
    void grantsOnlyTheHighestAmountOfAGroupAndSupersedesTheRestWithTheReason() {
        Evaluation post = eligible(RD_POST, "125000.00");
        Evaluation city = eligible(CITY, "62500.00");

        ExclusiveGroups.Resolution resolution = ExclusiveGroups.resolve(List.of(city, post));

        assertThat(resolution.granted()).containsExactly(post);
        assertThat(resolution.superseded()).singleElement().satisfies(s -> {
            assertThat(s.evaluation()).isEqualTo(city);
            assertThat(s.winner()).isEqualTo("rd-post-subsidy");
            assertThat(s.reasonZh()).contains("就高不重复").contains("125,000.00");
        });
    }

    @Test
    void aTieGoesToThePolicyRankedFirstWhateverTheOrder() {
        Evaluation post = eligible(RD_POST, "300000.00");
        Evaluation city = eligible(CITY, "300000.00");

        assertThat(ExclusiveGroups.resolve(List.of(city, post)).granted()).containsExactly(post);
        assertThat(ExclusiveGroups.resolve(List.of(post, city)).granted()).containsExactly(post);
    }

    @Test
    void theLowerRankedPolicyWinsWhenItPaysMore() {
        Evaluation post = eligible(RD_POST, "1.00");
        Evaluation city = eligible(CITY, "2.00");

        assertThat(ExclusiveGroups.resolve(List.of(post, city)).granted()).containsExactly(city);
    }

    @Test
    void leavesIneligibleAndUngroupedResultsAlone() {
        Evaluation ineligible = new Evaluation(
                RD_POST, Period.fiscalYear(2023), Outcome.INELIGIBLE, null, List.of("rd-increase"), List.of(), null);
        Evaluation city = eligible(CITY, "2.00");

        ExclusiveGroups.Resolution resolution = ExclusiveGroups.resolve(List.of(ineligible, city));

        assertThat(resolution.granted()).containsExactlyInAnyOrder(ineligible, city);
        assertThat(resolution.superseded()).isEmpty();
    }

    private static Evaluation eligible(Policy policy, String amount) {
        return new Evaluation(
                policy, Period.fiscalYear(2023), Outcome.ELIGIBLE, new BigDecimal(amount), List.of(), List.of(), null);
    }
}
