package io.mianshen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.RatingFact;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PolicyEngineTest {

    private static final PolicyPack PACK = PolicyPack.bundled();
    private static final Policy RD_POST = PACK.policy("rd-post-subsidy").orElseThrow();
    private static final SourceRef FILING_2023 = new SourceRef("/feeds/tax/370000", "T2024-000123");

    @Test
    void explainsAGrantClauseByClauseWithFactsParametersStepsAndSentences() {
        Evaluation evaluation =
                PolicyEngine.evaluate(RD_POST, enterprise("2850000.00", "4100000.00"), Period.fiscalYear(2023));

        assertThat(evaluation.outcome()).isEqualTo(Outcome.ELIGIBLE);
        assertThat(evaluation.amount()).isEqualByComparingTo("125000.00");
        Explanation explanation = evaluation.explanation();
        assertThat(explanation.clauses())
                .extracting(Explanation.Clause::id, Explanation.Clause::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("not-deregistered", Explanation.ClauseStatus.HOLDS),
                        org.assertj.core.groups.Tuple.tuple("not-seriously-dishonest", Explanation.ClauseStatus.HOLDS),
                        org.assertj.core.groups.Tuple.tuple("tech-enterprise", Explanation.ClauseStatus.HOLDS),
                        org.assertj.core.groups.Tuple.tuple("rd-increase", Explanation.ClauseStatus.HOLDS),
                        org.assertj.core.groups.Tuple.tuple("no-d-rating", Explanation.ClauseStatus.HOLDS));
        assertThat(explanation.clauses().get(3).facts())
                .contains(
                        new FactRead("filing.rdExpense", "4100000.00", FILING_2023),
                        new FactRead("derived.increase", "1250000.00", null));
        assertThat(explanation.clauses().get(2).facts())
                .anySatisfy(f -> assertThat(f.fact()).startsWith("certificate "));
        assertThat(explanation.parameters())
                .contains(new Explanation.ParameterUse(
                        "rate", "0.10", LocalDate.of(2022, 1, 1), LocalDate.of(2023, 12, 31), "illustrative"));
        assertThat(explanation.amount().steps())
                .containsExactly("1250000.00 × 0.10 = 125000.0000", "min(125000.0000, 1000000.00) = 125000.0000");
        assertThat(explanation.summaryZh())
                .isEqualTo("贵单位2023年度研发费用较上年增长1,250,000.00元，按10%（上限1,000,000.00元）给予研发投入后补助125,000.00元");
        assertThat(explanation.summaryEn()).contains("grew by 1,250,000.00").contains("125,000.00");
    }

    @ParameterizedTest
    @CsvSource({
        "100.00, 110.05, 1.01, 1.00", // policies.md: 1.005 rounds HALF_UP to 1.01; double gives 1.0049999... -> 1.00
        "0.00, 0.15, 0.02, 0.01", // 0.015
        "0.00, 2.05, 0.21, 0.20", // 0.205
        "0.00, 1.15, 0.12, 0.11"
    }) // 0.115
    void roundsHalfUpOnceWhereBinaryFloatingPointRoundsTheOtherWay(
            String previous, String current, String exact, String binary) {
        Evaluation evaluation =
                PolicyEngine.evaluate(RD_POST, enterprise(previous, current), Period.fiscalYear(2023), false);

        assertThat(evaluation.amount()).isEqualByComparingTo(exact);
        double floating = (Double.parseDouble(current) - Double.parseDouble(previous)) * 0.10;
        // the exact binary value of the double, rounded the same way: it lands on the other side
        assertThat(new BigDecimal(floating).setScale(2, java.math.RoundingMode.HALF_UP))
                .isEqualByComparingTo(binary);
    }

    @Test
    void takesParametersAtThePeriodDecidedNotToday() {
        assertThat(PolicyEngine.evaluate(RD_POST, enterprise("0.00", "1000.00"), Period.fiscalYear(2023), false)
                        .amount())
                .isEqualByComparingTo("100.00");
        assertThat(PolicyEngine.evaluate(RD_POST, enterprise2024(), Period.fiscalYear(2024), false)
                        .amount())
                .isEqualByComparingTo("120.00");
    }

    @Test
    void namesTheMissingFactInsteadOfCountingItAsZero() {
        FactsSnapshot noPreviousYear = new FactsSnapshot(
                "91370100MA3C0QXJ4F",
                List.of(),
                List.of(filing(2023, "4100000.00")),
                List.of(techSme(2023)),
                List.of(),
                List.of(),
                List.of());

        Evaluation evaluation = PolicyEngine.evaluate(RD_POST, noPreviousYear, Period.fiscalYear(2023));

        assertThat(evaluation.outcome()).isEqualTo(Outcome.UNDETERMINED);
        assertThat(evaluation.amount()).isNull();
        assertThat(evaluation.missingFacts()).containsExactly("the annual filing of FY2022 (gov.tax.annual-filing.v1)");
        assertThat(evaluation.explanation().summaryZh()).contains("尚待认定").contains("FY2022");
    }

    @Test
    void aFailingClauseDecidesEvenWhenAnotherLacksFacts() {
        FactsSnapshot noCertificateNoPreviousYear = new FactsSnapshot(
                "91370100MA3C0QXJ4F",
                List.of(),
                List.of(filing(2023, "1.00")),
                List.of(),
                List.of(),
                List.of(),
                List.of());

        Evaluation evaluation = PolicyEngine.evaluate(RD_POST, noCertificateNoPreviousYear, Period.fiscalYear(2023));

        assertThat(evaluation.outcome()).isEqualTo(Outcome.INELIGIBLE);
        assertThat(evaluation.failingClauses()).containsExactly("tech-enterprise");
        assertThat(evaluation.explanation().summaryZh())
                .startsWith("经核验，贵单位2023年度不符合“研发投入后补助”条件：当年度为有效的科技型中小企业或高新技术企业");
    }

    @Test
    void refusesToDecideAPeriodOutsideThePolicy() {
        assertThatThrownBy(() -> PolicyEngine.evaluate(RD_POST, enterprise("1.00", "2.00"), Period.fiscalYear(2021)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("FY2021");
    }

    @Test
    void evaluatesTheSameWithExplanationsOff() {
        FactsSnapshot facts = enterprise("2850000.00", "4100000.00");
        for (Policy policy : PACK.policies()) {
            Period period = policy.oncePeriod(facts)
                    .orElse(
                            policy.periodKind() == io.mianshen.policy.facts.PeriodKind.CALENDAR_YEAR
                                    ? Period.calendarYear(2023)
                                    : Period.fiscalYear(2023));
            if (!policy.inForce(period)) {
                continue;
            }
            Evaluation explained = PolicyEngine.evaluate(policy, facts, period, true);
            Evaluation plain = PolicyEngine.evaluate(policy, facts, period, false);
            assertThat(plain.explanation()).isNull();
            assertThat(plain.outcome()).as(policy.id()).isEqualTo(explained.outcome());
            assertThat(plain.amount()).as(policy.id()).isEqualTo(explained.amount());
        }
    }

    static FactsSnapshot enterprise(String previousRd, String currentRd) {
        return new FactsSnapshot(
                "91370100MA3C0QXJ4F",
                List.of(new ProfileFact(
                        LocalDate.of(2016, 5, 12),
                        "济南示例科技有限公司",
                        "370102",
                        "I6510",
                        "SMALL",
                        LocalDate.of(2016, 5, 12),
                        null)),
                List.of(
                        filing(2022, previousRd),
                        new FilingFact(
                                2023,
                                "T2024-000123",
                                null,
                                LocalDate.of(2024, 5, 20),
                                new BigDecimal("52000000.00"),
                                new BigDecimal(currentRd),
                                new BigDecimal("6300000.00"),
                                120,
                                FILING_2023)),
                List.of(techSme(2023)),
                List.of(new RatingFact(2023, "A", null)),
                List.of(),
                List.of());
    }

    private static FactsSnapshot enterprise2024() {
        return new FactsSnapshot(
                "91370100MA3C0QXJ4F",
                List.of(),
                List.of(filing(2023, "0.00"), filing(2024, "1000.00")),
                List.of(techSme(2024)),
                List.of(),
                List.of(),
                List.of());
    }

    private static FilingFact filing(int year, String rd) {
        return new FilingFact(
                year,
                "F" + year,
                null,
                LocalDate.of(year + 1, 5, 1),
                new BigDecimal("1.00"),
                new BigDecimal(rd),
                new BigDecimal("1.00"),
                10,
                null);
    }

    private static CertificateFact techSme(int year) {
        return new CertificateFact(
                "TECH_SME",
                "TS" + year,
                LocalDate.of(year, 4, 1),
                LocalDate.of(year, 12, 31),
                null,
                new SourceRef("/feeds/sci/370000", "ts-" + year),
                null);
    }
}
