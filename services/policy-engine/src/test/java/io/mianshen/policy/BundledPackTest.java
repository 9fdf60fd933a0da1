package io.mianshen.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every embedded example of the bundled pack, one JUnit test each, in {@code mvn test}. */
class BundledPackTest {

    private static final PolicyPack PACK = PolicyPack.bundled();

    @Test
    void bundlesTheSixPoliciesOfPoliciesMd() {
        assertThat(PACK.policies())
                .extracting(Policy::id)
                .containsExactly(
                        "rd-super-deduction",
                        "hnte-income-tax-rate",
                        "rd-post-subsidy",
                        "city-rd-increment-reward",
                        "sme-to-hnte-reward",
                        "innovation-voucher");
    }

    @Test
    void cashBenefitsAndVouchersArePublishedForFiveWorkingDaysTaxBenefitsAreNot() {
        assertThat(PACK.policies())
                .allSatisfy(policy -> assertThat(policy.publicityWorkingDays())
                        .as(policy.id())
                        .isEqualTo(
                                policy.benefitKind() == Policy.BenefitKind.CASH_SUBSIDY
                                                || policy.benefitKind() == Policy.BenefitKind.VOUCHER
                                        ? java.util.Optional.of(5)
                                        : java.util.Optional.empty()));
    }

    @TestFactory
    Stream<DynamicTest> everyEmbeddedExamplePasses() {
        return PACK.runExamples().stream()
                .map(result -> DynamicTest.dynamicTest(
                        result.policy().id() + ": " + result.example().name(),
                        () -> assertThat(result.failure())
                                .as(result.example().name())
                                .isNull()));
    }
}
