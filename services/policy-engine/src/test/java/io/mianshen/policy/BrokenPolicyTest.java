package io.mianshen.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Broken policy files are refused with every problem listed, each at its line and column. */
class BrokenPolicyTest {

    /** A small valid policy; each test breaks one thing (or several). */
    static final String VALID = """
            id: test-subsidy
            version: 1
            title: 测试补助
            titleEn: Test subsidy
            benefitKind: CASH_SUBSIDY
            period: FISCAL_YEAR
            effectiveFrom: 2022-01-01
            legalBasis: {document: 测试文件, article: "1", quote: 测试}
            reads: [FILINGS]
            parameters:
              rate:
                type: RATE
                values:
                  - {from: 2022-01-01, to: 2023-12-31, value: "0.10"}
                  - {from: 2024-01-01, value: "0.12"}
              codes:
                type: STRINGS
                values:
                  - {from: 2022-01-01, value: [A, B]}
            eligibility:
              - id: rd-positive
                when: filing.rdExpense > decimal("0")
                reason: {zh: 研发费用大于零, en: R&D above zero}
            amount:
              formula: filing.rdExpense * params.rate
              rounding: HALF_UP
            notice: {zh: "补助{amount}元", en: "subsidy {amount}"}
            tests:
              - name: ten percent
                period: FY2023
                facts:
                  filings: [{fiscalYear: 2023, rdExpense: "100.00", taxableIncome: "1.00"}]
                expect: {outcome: ELIGIBLE, amount: "10.00"}
            """;

    @Test
    void theValidFileLoads() {
        assertThat(PolicyPack.load(Map.of("test.yaml", VALID)).policies())
                .singleElement()
                .satisfies(p -> assertThat(p.id()).isEqualTo("test-subsidy"));
    }

    @Test
    void aCashPolicySaysHowManyWorkingDaysItsGrantsArePublishedAndATaxOneCannotBe() {
        assertThat(PolicyPack.load(
                                Map.of("test.yaml", VALID.replace("notice:", "publicity: {workingDays: 5}\nnotice:")))
                        .policies()
                        .get(0)
                        .publicityWorkingDays())
                .contains(5);
        assertThat(PolicyPack.load(Map.of("test.yaml", VALID.replace("notice:", "publicity: none\nnotice:")))
                        .policies()
                        .get(0)
                        .publicityWorkingDays())
                .isEmpty();
        assertThat(PolicyPack.load(Map.of("test.yaml", VALID)).policies().get(0).publicityWorkingDays())
                .isEmpty();
        assertThat(problems(VALID.replace("notice:", "publicity: {workingDays: 0}\nnotice:")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("1 to 30"));
        assertThat(problems(VALID.replace("notice:", "publicity: always\nnotice:")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("none or {workingDays: N}"));
        assertThat(problems(VALID.replace("benefitKind: CASH_SUBSIDY", "benefitKind: TAX_DEDUCTION")
                        .replace("notice:", "publicity: {workingDays: 5}\nnotice:")))
                .anySatisfy(p -> assertThat(p.message()).contains("not published"));
    }

    @Test
    void refusesAMisspeltFactNamingTheLineAndTheNearestFact() {
        List<PolicyProblem> problems =
                problems(VALID.replace("when: filing.rdExpense > decimal", "when: filing.rdExpence > decimal"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(22);
            assertThat(p.column()).isGreaterThan(10);
            assertThat(p.message())
                    .contains("rd-positive")
                    .contains("undeclared reference")
                    .contains("did you mean 'filing.rdExpense'");
        });
    }

    @Test
    void refusesMoneyComparedWithAString() {
        List<PolicyProblem> problems =
                problems(VALID.replace("filing.rdExpense > decimal(\"0\")", "filing.rdExpense > \"0\""));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(22);
            assertThat(p.message()).contains("no matching overload").contains("(decimal, string)");
        });
    }

    @Test
    void refusesAFormulaThatIsNotMoney() {
        assertThat(problems(VALID.replace("formula: filing.rdExpense * params.rate", "formula: filing.employees * 2")))
                .singleElement()
                .satisfies(p -> assertThat(p.line()).isEqualTo(25));
    }

    @Test
    void refusesOverlappingParameterRows() {
        String broken = VALID.replace("{from: 2024-01-01, value: \"0.12\"}", "{from: 2023-07-01, value: \"0.12\"}");

        assertThat(problems(broken)).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(15);
            assertThat(p.message()).contains("rate").contains("overlap");
        });
    }

    @Test
    void refusesAGapBetweenParameterRows() {
        String broken = VALID.replace("{from: 2024-01-01, value: \"0.12\"}", "{from: 2024-02-01, value: \"0.12\"}");

        assertThat(problems(broken))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("gap in rate").contains("2024-01-01 to 2024-01-31"));
    }

    @Test
    void refusesAnUnknownKey() {
        assertThat(problems(VALID.replace("notice:", "notise:"))).anySatisfy(p -> {
            assertThat(p.line()).isEqualTo(27);
            assertThat(p.message()).contains("unknown key 'notise'");
        });
    }

    @Test
    void refusesMoneyWrittenAsABinaryFloatingPointNumber() {
        assertThat(problems(VALID.replace("value: \"0.10\"", "value: 0.10")))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("unquoted").contains("binary floating point"));
    }

    @Test
    void refusesFactsReadButNotDeclared() {
        assertThat(problems(VALID.replace("reads: [FILINGS]", "reads: [PROFILE]")))
                .singleElement()
                .satisfies(
                        p -> assertThat(p.message()).contains("reads [FILINGS]").contains("does not declare"));
    }

    @Test
    void refusesComprehensionsNestedTooDeep() {
        String broken = VALID.replace(
                "when: filing.rdExpense > decimal(\"0\")",
                "when: params.codes.all(a, params.codes.all(b, params.codes.all(c, a != \"\")))");

        assertThat(problems(broken))
                .singleElement()
                .satisfies(p -> assertThat(p.message()).contains("nested 3 deep"));
    }

    @Test
    void refusesARunawayComprehensionThroughItsExamples() {
        String codes = "[" + String.join(", ", java.util.Collections.nCopies(200, "X")) + "]";
        String broken = VALID.replace("value: [A, B]", "value: " + codes)
                .replace(
                        "when: filing.rdExpense > decimal(\"0\")",
                        "when: params.codes.all(a, params.codes.all(b, a == b))");

        PolicyRejectedException refused =
                catchThrowableOfType(PolicyRejectedException.class, () -> PolicyPack.load(Map.of("test.yaml", broken)));

        assertThat(refused.problems())
                .singleElement()
                .satisfies(p -> assertThat(p.message())
                        .contains("example 'ten percent' fails")
                        .containsIgnoringCase("iteration"));
    }

    @Test
    void refusesAFailingExampleWithWhatWasExpected() {
        String broken = VALID.replace("amount: \"10.00\"", "amount: \"12.00\"");

        assertThatThrownBy(() -> PolicyPack.load(Map.of("test.yaml", broken)))
                .isInstanceOfSatisfying(
                        PolicyRejectedException.class,
                        e -> assertThat(e.problems()).singleElement().satisfies(p -> {
                            assertThat(p.line()).isEqualTo(29);
                            assertThat(p.message())
                                    .contains("example 'ten percent' fails")
                                    .contains("amount 10.00, expected 12.00");
                        }));
    }

    @Test
    void listsEveryProblemOfAFileNotOnlyTheFirst() {
        String broken = VALID.replace("notice:", "notise:")
                .replace("when: filing.rdExpense > decimal", "when: filing.rdExpence > decimal")
                .replace("{from: 2024-01-01, value: \"0.12\"}", "{from: 2023-07-01, value: \"0.12\"}")
                .replace("version: 1", "version: one");

        assertThat(problems(broken)).extracting(PolicyProblem::line).contains(2, 15, 22, 27);
        assertThat(problems(broken).toString()).contains("test.yaml:22:");
    }

    private static List<PolicyProblem> problems(String text) {
        return PolicyPack.check(Map.of("test.yaml", text));
    }
}
