package io.mianshen.policy.peer;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.policy.Evaluation;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyEngine;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.Period;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Before the benchmark compares them: the CEL pack and its SpEL peer decide alike, outcome and amount. */
class PeerParityTest {

    private static final PolicyPack PACK = PolicyPack.bundled();
    private static final SpelPack PEER = new SpelPack(PACK);

    @Test
    void celAndSpelGiveTheSameOutcomesAndAmountsOnTheSameFacts() {
        Map<io.mianshen.policy.Outcome, Integer> seen = new EnumMap<>(io.mianshen.policy.Outcome.class);
        int compared = 0;
        for (FactsSnapshot facts : SyntheticEnterprises.generate(2_000, 7)) {
            for (Policy policy : PACK.policies()) {
                for (int year = 2022; year <= 2024; year++) {
                    Optional<Period> period = period(policy, facts, year);
                    if (period.isEmpty() || !policy.inForce(period.get())) {
                        continue;
                    }
                    Evaluation cel = PolicyEngine.evaluate(policy, facts, period.get(), false);
                    SpelPack.Result spel = PEER.evaluate(policy.id(), facts, period.get());
                    assertThat(spel.outcome())
                            .as("%s %s %s", policy.id(), facts.uscc(), period.get())
                            .isEqualTo(cel.outcome());
                    assertThat(spel.amount())
                            .as("%s %s %s", policy.id(), facts.uscc(), period.get())
                            .isEqualTo(cel.amount());
                    seen.merge(cel.outcome(), 1, Integer::sum);
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(20_000);
        assertThat(seen)
                .as("the synthetic facts reach every outcome")
                .containsOnlyKeys(io.mianshen.policy.Outcome.values())
                .allSatisfy((outcome, count) -> assertThat(count).isGreaterThan(500));
    }

    static Optional<Period> period(Policy policy, FactsSnapshot facts, int year) {
        return switch (policy.periodKind()) {
            case FISCAL_YEAR -> Optional.of(Period.fiscalYear(year));
            case CALENDAR_YEAR -> Optional.of(Period.calendarYear(year));
            case ONCE -> year == 2023 ? policy.oncePeriod(facts) : Optional.empty();
        };
    }
}
