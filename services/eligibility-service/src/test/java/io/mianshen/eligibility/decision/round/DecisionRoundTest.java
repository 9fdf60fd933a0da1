package io.mianshen.eligibility.decision.round;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.eligibility.decision.round.Ledger.Certificate;
import io.mianshen.eligibility.decision.round.Ledger.Deregistration;
import io.mianshen.eligibility.decision.round.Ledger.Filing;
import io.mianshen.eligibility.decision.round.Ledger.Profile;
import io.mianshen.eligibility.decision.round.Ledger.Rating;
import io.mianshen.eligibility.decision.round.Ledger.Revocation;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rules of a round, each on its own, without a database: what is granted, adjusted, revoked, queued or left. */
class DecisionRoundTest {

    private static final String A = "91370102MA3C5LXX1A";
    private static final String B = "91370102MA3C5LXX2B";
    private static final String C = "91370102MA3C5LXX3C";
    private static final DecisionKey.BudgetAccountKey VOUCHERS_2023 =
            new DecisionKey.BudgetAccountKey("innovation-voucher", "Y2023");

    private static Profile profile(String uscc, String asOf, String sizeClass) {
        return new Profile(uscc, LocalDate.parse(asOf), "370102", "C3511", sizeClass);
    }

    private static Certificate certificate(
            String uscc, String kind, String number, String issuedOn, String validUntil, int sent) {
        return new Certificate(uscc, kind, number, LocalDate.parse(issuedOn), LocalDate.parse(validUntil), sent);
    }

    private static Revocation revocation(String uscc, String kind, String number, String revokedOn) {
        return new Revocation(uscc, kind, number, LocalDate.parse(revokedOn));
    }

    @Test
    void grantsAdjustsAndRevokesAPolicyWithoutABudgetAsItsFactsChange() {
        Ledger ledger = Ledger.bundled();
        ledger.receive(profile(A, "2016-05-12", "SMALL"))
                .receive(certificate(A, "HIGH_TECH_ENTERPRISE", "GR-1", "2022-12-08", "2025-12-07", 1))
                .receive(new Filing(A, 2023, "T23", "4100000.00", "6300000.00"));
        assertThat(ledger.liveOf(A))
                .containsEntry("hnte-income-tax-rate FY2023", "630000.00")
                .containsEntry("rd-super-deduction FY2023", "4100000.00");

        ledger.receive(new Filing(A, 2023, "T23-later", "4200000.00", "6400000.00"));
        assertThat(ledger.liveOf(A))
                .containsEntry("hnte-income-tax-rate FY2023", "640000.00")
                .containsEntry("rd-super-deduction FY2023", "4200000.00");
        assertThat(ledger.changes(Change.Adjust.class, A))
                .extracting(
                        a -> a.key().policyId() + " " + a.explained().amount().toPlainString())
                .containsExactlyInAnyOrder("hnte-income-tax-rate 640000.00", "rd-super-deduction 4200000.00");

        ledger.receive(revocation(A, "HIGH_TECH_ENTERPRISE", "GR-1", "2023-06-30"));
        assertThat(ledger.liveOf(A))
                .doesNotContainKey("hnte-income-tax-rate FY2023")
                .containsKey("rd-super-deduction FY2023");
        Change.Revoke revoke = ledger.changes(Change.Revoke.class, A).stream()
                .filter(r -> r.key().policyId().equals("hnte-income-tax-rate"))
                .findFirst()
                .orElseThrow();
        assertThat(revoke.reason()).startsWith("不再符合条件").contains("no longer eligible");
        assertThat(revoke.recoverAmount())
                .as("the policy's recovery (the whole amount, the pack's default)")
                .isEqualByComparingTo("640000.00");
        assertThat(revoke.basedOn()).isNotEmpty();
    }

    @Test
    void aMissingFactLeavesTheLiveGrantAndTheGroupPaysOnlyTheHigherPolicy() {
        Ledger ledger = Ledger.bundled();
        ledger.receive(profile(A, "2016-05-12", "SMALL"))
                .receive(certificate(A, "TECH_SME", "TS-1", "2023-04-01", "2023-12-31", 1))
                .receive(new Filing(A, 2023, "T23", "4100000.00", "6300000.00"));
        // the previous year's filing is missing: UNDETERMINED, nothing granted yet
        assertThat(ledger.assessments
                        .get(new DecisionKey(A, "rd-post-subsidy", "FY2023"))
                        .standing())
                .isEqualTo(Standing.UNDETERMINED);
        ledger.receive(new Filing(A, 2022, "T22", "3100000.00", "5000000.00"));
        // increase 1,000,000.00: rd-post-subsidy 10% = 100,000.00 beats the city's 5% = 50,000.00 (就高不重复)
        assertThat(ledger.liveOf(A))
                .containsEntry("rd-post-subsidy FY2023", "100000.00")
                .doesNotContainKey("city-rd-increment-reward FY2023");
        Assessment city = ledger.assessments.get(new DecisionKey(A, "city-rd-increment-reward", "FY2023"));
        assertThat(city.standing()).isEqualTo(Standing.SUPERSEDED);
        assertThat(city.note()).isNotBlank();
        // a D rating ends the subsidy; the city's policy has no credit clause and takes over
        ledger.receive(new Rating(A, 2023, "D"));
        assertThat(ledger.liveOf(A))
                .doesNotContainKey("rd-post-subsidy FY2023")
                .containsEntry("city-rd-increment-reward FY2023", "50000.00");
    }

    @Test
    void anEarlierFirstCertificateArrivingAfterItsRenewalRevokesTheRewardGrantedOnTheRenewal() {
        Ledger ledger = Ledger.bundled();
        ledger.receive(profile(A, "2016-05-12", "SMALL"))
                .receive(certificate(A, "HIGH_TECH_ENTERPRISE", "GR-B", "2024-01-28", "2027-01-27", 1));
        assertThat(ledger.liveOf(A)).containsEntry("sme-to-hnte-reward ONCE", "100000.00");

        ledger.receive(certificate(A, "HIGH_TECH_ENTERPRISE", "GR-A", "2021-01-28", "2024-01-27", 2))
                .receive(revocation(A, "HIGH_TECH_ENTERPRISE", "GR-A", "2022-01-13"));

        assertThat(ledger.liveOf(A)).doesNotContainKey("sme-to-hnte-reward ONCE");
        List<Change.Revoke> revoked = ledger.changes(Change.Revoke.class, A);
        assertThat(revoked).hasSize(1);
        assertThat(revoked.get(0).recoverAmount()).isEqualByComparingTo("100000.00");
        assertThat(revoked.get(0).reason())
                .contains("GR-A")
                .contains("2021-01-28")
                .contains("2023-03-02")
                .contains("renewal");
        assertThat(revoked.get(0).basedOn()).extracting(s -> s.id()).containsExactly("certificate-GR-A");
        assertThat(ledger.assessments
                        .get(new DecisionKey(A, "sme-to-hnte-reward", "ONCE"))
                        .standing())
                .isEqualTo(Standing.OUT_OF_FORCE);

        // in the natural order the renewal never grants anything
        Ledger natural = Ledger.bundled();
        natural.receive(profile(B, "2016-05-12", "SMALL"))
                .receive(certificate(B, "HIGH_TECH_ENTERPRISE", "GR-A", "2021-01-28", "2024-01-27", 1))
                .receive(revocation(B, "HIGH_TECH_ENTERPRISE", "GR-A", "2022-01-13"))
                .receive(certificate(B, "HIGH_TECH_ENTERPRISE", "GR-B", "2024-01-28", "2027-01-27", 2));
        assertThat(natural.changes(Change.Grant.class, B))
                .noneMatch(g -> g.key().policyId().equals("sme-to-hnte-reward"));
    }

    @Test
    void theFirstCertificateRevokedWithinThreeYearsTakesTheRewardBack() {
        Ledger ledger = Ledger.bundled();
        ledger.receive(profile(A, "2016-05-12", "MEDIUM"))
                .receive(certificate(A, "HIGH_TECH_ENTERPRISE", "GR-1", "2023-12-08", "2026-12-07", 1));
        assertThat(ledger.liveOf(A)).containsEntry("sme-to-hnte-reward ONCE", "100000.00");
        ledger.receive(revocation(A, "HIGH_TECH_ENTERPRISE", "GR-1", "2025-06-30"));
        Change.Revoke revoke = ledger.changes(Change.Revoke.class, A).stream()
                .filter(r -> r.key().policyId().equals("sme-to-hnte-reward"))
                .findFirst()
                .orElseThrow();
        assertThat(revoke.recoverAmount()).isEqualByComparingTo("100000.00");
    }

    @Test
    void aRegistrationCorrectedToAnotherYearRevokesTheVanishedYearReleasesItsBudgetAndDecidesTheNewYear() {
        Ledger ledger = Ledger.withVoucherBudget("50000.00");
        ledger.receive(profile(A, "2016-05-12", "SMALL"))
                .receive(certificate(A, "TECH_SME", "TS-A", "2023-04-01", "2023-12-31", 1))
                .receive(profile(B, "2016-05-12", "SMALL"))
                .receive(certificate(B, "TECH_SME", "TS-B", "2023-04-01", "2023-12-31", 1));
        assertThat(ledger.liveOf(A)).containsEntry("innovation-voucher Y2023", "50000.00");
        assertThat(ledger.queues.get(VOUCHERS_2023)).containsExactly(B);

        ledger.receive(certificate(A, "TECH_SME", "TS-A", "2024-04-01", "2024-12-31", 2));

        assertThat(ledger.liveOf(A))
                .doesNotContainKey("innovation-voucher Y2023")
                .containsEntry("innovation-voucher Y2024", "50000.00");
        assertThat(ledger.changes(Change.Revoke.class, A))
                .extracting(r -> r.key().period())
                .containsExactly("Y2023");
        assertThat(ledger.liveOf(B)).containsEntry("innovation-voucher Y2023", "50000.00");
        assertThat(ledger.changes(Change.Grant.class, B))
                .singleElement()
                .satisfies(g -> assertThat(g.note()).isEqualTo(BudgetSettlement.FROM_QUEUE));
        assertThat(ledger.queues.get(VOUCHERS_2023)).isEmpty();
        assertThat(ledger.granted).containsEntry(VOUCHERS_2023, new BigDecimal("50000.00"));
    }

    @Test
    void anIncreaseThatDoesNotFitWaitsForItsDifferenceAndNoIncreasePassesAnEarlierQueuedGrant() {
        Ledger ledger = Ledger.withVoucherBudget("100000.00");
        ledger.receive(profile(A, "2016-05-12", "MEDIUM"))
                .receive(certificate(A, "TECH_SME", "TS-A", "2023-04-01", "2023-12-31", 1))
                .receive(profile(B, "2016-05-12", "SMALL"))
                .receive(certificate(B, "TECH_SME", "TS-B", "2023-04-01", "2023-12-31", 1))
                .receive(profile(C, "2016-05-12", "SMALL"))
                .receive(certificate(C, "TECH_SME", "TS-C", "2023-04-01", "2023-12-31", 1));
        assertThat(ledger.granted).containsEntry(VOUCHERS_2023, new BigDecimal("80000.00"));
        assertThat(ledger.queues.get(VOUCHERS_2023)).containsExactly(C);

        // A becomes SMALL: 30,000.00 -> 50,000.00; the 20,000.00 would fit, but C waits first
        ledger.receive(profile(A, "2023-06-01", "SMALL"));
        assertThat(ledger.liveOf(A)).containsEntry("innovation-voucher Y2023", "30000.00");
        assertThat(ledger.queues.get(VOUCHERS_2023)).containsExactly(C, A);
        Change.Queue queued = ledger.changes(Change.Queue.class, A).get(0);
        assertThat(queued.waitingFor()).isEqualByComparingTo("20000.00");
        assertThat(queued.position()).isEqualTo(2);
        assertThat(ledger.assessments
                        .get(new DecisionKey(A, "innovation-voucher", "Y2023"))
                        .standing())
                .isEqualTo(Standing.QUEUED);

        // B's revocation frees 50,000.00: C first (50,000.00), then A's difference (20,000.00), in order
        ledger.receive(new Deregistration(B, LocalDate.parse("2024-03-01")));
        assertThat(ledger.liveOf(B)).isEmpty();
        assertThat(ledger.liveOf(C)).containsEntry("innovation-voucher Y2023", "50000.00");
        assertThat(ledger.liveOf(A)).containsEntry("innovation-voucher Y2023", "50000.00");
        assertThat(ledger.queues.get(VOUCHERS_2023)).isEmpty();
        assertThat(ledger.granted).containsEntry(VOUCHERS_2023, new BigDecimal("100000.00"));
        assertThat(ledger.assessments
                        .get(new DecisionKey(A, "innovation-voucher", "Y2023"))
                        .standing())
                .isEqualTo(Standing.GRANTABLE);
    }

    @Test
    void anIncreaseThatFitsWithNobodyWaitingIsGrantedAtOnceAndOneThatDoesNotWaitsAheadOfLaterGrants() {
        Ledger ledger = Ledger.withVoucherBudget("100000.00");
        ledger.receive(profile(A, "2016-05-12", "MEDIUM"))
                .receive(certificate(A, "TECH_SME", "TS-A", "2023-04-01", "2023-12-31", 1))
                .receive(profile(A, "2023-06-01", "SMALL"));
        assertThat(ledger.liveOf(A)).containsEntry("innovation-voucher Y2023", "50000.00");
        assertThat(ledger.changes(Change.Queue.class, A)).isEmpty();

        ledger.receive(profile(B, "2016-05-12", "MEDIUM"))
                .receive(certificate(B, "TECH_SME", "TS-B", "2023-04-01", "2023-12-31", 1))
                .receive(profile(C, "2016-05-12", "SMALL"))
                .receive(certificate(C, "TECH_SME", "TS-C", "2023-04-01", "2023-12-31", 1));
        assertThat(ledger.granted).containsEntry(VOUCHERS_2023, new BigDecimal("80000.00"));
        assertThat(ledger.queues.get(VOUCHERS_2023)).containsExactly(C);
        // B's increase (30,000.00 -> 50,000.00) would fit, but C waits first: B waits for 20,000.00 behind C
        ledger.receive(profile(B, "2023-06-01", "SMALL"));
        assertThat(ledger.queues.get(VOUCHERS_2023)).containsExactly(C, B);
        // A decreases to 30,000.00: 20,000.00 back at once; C (50,000.00) is first in line and does not fit, so B does
        // not pass it
        ledger.receive(profile(A, "2023-07-01", "MEDIUM"));
        assertThat(ledger.liveOf(A)).containsEntry("innovation-voucher Y2023", "30000.00");
        assertThat(ledger.granted).containsEntry(VOUCHERS_2023, new BigDecimal("60000.00"));
        assertThat(ledger.queues.get(VOUCHERS_2023)).containsExactly(C, B);
        assertThat(ledger.liveOf(B)).containsEntry("innovation-voucher Y2023", "30000.00");
        // a correction that ends C's eligibility for 2023 takes it out of the queue and lets B's difference through
        ledger.receive(certificate(C, "TECH_SME", "TS-C", "2025-04-01", "2025-12-31", 2));
        assertThat(ledger.liveOf(B)).containsEntry("innovation-voucher Y2023", "50000.00");
        assertThat(ledger.queues.get(VOUCHERS_2023)).isEmpty();
        assertThat(ledger.granted).containsEntry(VOUCHERS_2023, new BigDecimal("80000.00"));
    }

    @Test
    void aPolicyDecidesNoPeriodBeforeItsOwn() {
        Ledger ledger = Ledger.bundled();
        ledger.receive(profile(A, "2016-05-12", "SMALL"))
                .receive(certificate(A, "TECH_SME", "TS-1", "2021-04-01", "2021-12-31", 1))
                .receive(new Filing(A, 2020, "T20", "1000000.00", "2000000.00"))
                .receive(new Filing(A, 2021, "T21", "2000000.00", "2000000.00"));
        assertThat(ledger.liveOf(A))
                .containsEntry("rd-super-deduction FY2021", "2000000.00")
                .doesNotContainKeys("rd-post-subsidy FY2021", "innovation-voucher Y2021");
        assertThat(ledger.assessments.keySet())
                .noneMatch(key ->
                        key.policyId().equals("rd-post-subsidy") && key.period().equals("FY2021"));
        assertThat(Map.copyOf(ledger.liveOf(A))).doesNotContainKey("sme-to-hnte-reward ONCE");
    }

    /** A tech SME whose R&D grew by 1,000,000.00 in FY2023: an rd-post-subsidy of 100,000.00. */
    private static Ledger subsidised() {
        return Ledger.bundled()
                .receive(profile(A, "2016-05-12", "SMALL"))
                .receive(certificate(A, "TECH_SME", "TS-1", "2023-04-01", "2023-12-31", 1))
                .receive(new Filing(A, 2022, "T22", "3100000.00", "5000000.00"))
                .receive(new Filing(A, 2023, "T23", "4100000.00", "6300000.00"));
    }

    @Test
    void anUpheldRulingIsFinalForTheFactsItWasMadeOnAndAChangeOfFactsIsDecidedAsUsual() {
        Ledger ledger = subsidised();
        DecisionKey subsidy = new DecisionKey(A, "rd-post-subsidy", "FY2023");
        assertThat(ledger.liveOf(A)).containsEntry("rd-post-subsidy FY2023", "100000.00");

        // revoked on review, with the ruling as the reason
        ledger.rule(subsidy, RulingOverride.Correction.REVOKE, null, "研发费用含不得加计的委托境外研发");
        assertThat(ledger.liveOf(A)).doesNotContainKey("rd-post-subsidy FY2023");
        Change.Revoke revoke = ledger.changes(Change.Revoke.class, A).stream()
                .filter(r -> r.key().equals(subsidy))
                .findFirst()
                .orElseThrow();
        assertThat(revoke.reason()).isEqualTo("复核裁定：研发费用含不得加计的委托境外研发");
        assertThat(revoke.rulingId()).isEqualTo(ledger.overrides.get(subsidy).rulingId());
        assertThat(revoke.recoverAmount())
                .as("revoked before it was final, so before it was paid")
                .isEqualByComparingTo("0.00");
        assertThat(ledger.assessments.get(subsidy).standing()).isEqualTo(Standing.OVERRULED);

        // a fact that leaves the subsidy's evaluation as it was (a rating that passes) does not grant it again
        int revocations = ledger.changes(Change.Revoke.class, A).size();
        ledger.receive(new Rating(A, 2023, "A"));
        assertThat(ledger.liveOf(A)).doesNotContainKey("rd-post-subsidy FY2023");
        assertThat(ledger.changes(Change.Grant.class, A))
                .filteredOn(g -> g.key().equals(subsidy))
                .hasSize(1);
        assertThat(ledger.changes(Change.Revoke.class, A)).hasSize(revocations);

        // a corrected filing changes the evaluation: decided as usual, and the assessment says why
        ledger.receive(new Filing(A, 2023, "T23-corrected", "4600000.00", "6300000.00"));
        assertThat(ledger.liveOf(A)).containsEntry("rd-post-subsidy FY2023", "150000.00");
        assertThat(ledger.assessments.get(subsidy).note()).contains("复核裁定").contains("facts changed after ruling");
    }

    @Test
    void anUpheldRulingAdjustsToTheStatedAmountAndKeepsIt() {
        Ledger ledger = subsidised();
        DecisionKey subsidy = new DecisionKey(A, "rd-post-subsidy", "FY2023");

        ledger.rule(subsidy, RulingOverride.Correction.ADJUST, "80000.00", "核减委托研发费用");
        assertThat(ledger.liveOf(A)).containsEntry("rd-post-subsidy FY2023", "80000.00");
        Change.Adjust adjust = ledger.changes(Change.Adjust.class, A).stream()
                .filter(a -> a.key().equals(subsidy))
                .findFirst()
                .orElseThrow();
        assertThat(adjust.reason()).isEqualTo("复核裁定：核减委托研发费用");
        assertThat(adjust.previous().amount()).isEqualByComparingTo("100000.00");

        // deciding again on the same facts restores nothing
        ledger.receive(new Rating(A, 2023, "B"));
        assertThat(ledger.liveOf(A)).containsEntry("rd-post-subsidy FY2023", "80000.00");
        assertThat(ledger.changes(Change.Adjust.class, A))
                .filteredOn(a -> a.key().equals(subsidy))
                .hasSize(1);
    }
}
