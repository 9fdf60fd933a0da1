package io.mianshen.eligibility.decision.round;

import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.facts.CertificateFact;
import io.mianshen.policy.facts.DeregistrationFact;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.ProfileFact;
import io.mianshen.policy.facts.RatingFact;
import io.mianshen.policy.facts.SourceRef;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A ledger in memory for tests of the round: it keeps enterprises' facts as a feed sends them, runs
 * {@link DecisionRound} and {@link BudgetSettlement} as the service does (every policy of the pack re-evaluated), and
 * applies their changes to live decisions, stored assessments and budgets, keeping every change for assertions.
 */
final class Ledger {

    /** A fact as a feed sends it: applied to the enterprise's facts when it arrives. */
    sealed interface Fact {
        String uscc();
    }

    record Profile(String uscc, LocalDate asOf, String region, String industry, String sizeClass) implements Fact {}

    record Filing(String uscc, int fiscalYear, String filingId, String rdExpense, String taxableIncome)
            implements Fact {}

    /** A certificate granted; a later one with the same kind and number (by {@code sent}) corrects it. */
    record Certificate(String uscc, String kind, String number, LocalDate issuedOn, LocalDate validUntil, int sent)
            implements Fact {}

    record Revocation(String uscc, String kind, String number, LocalDate revokedOn) implements Fact {}

    record Rating(String uscc, int year, String rating) implements Fact {}

    record Deregistration(String uscc, LocalDate on) implements Fact {}

    final PolicyBook policies;
    final List<Policy> pack;
    private final DecisionRound round;
    private final BudgetSettlement settlement;
    private final Map<String, List<Fact>> facts = new HashMap<>();
    final Map<DecisionKey, LiveDecision> live = new HashMap<>();
    final Map<DecisionKey, Assessment> assessments = new HashMap<>();
    final Map<DecisionKey.BudgetAccountKey, BigDecimal> granted = new HashMap<>();
    final Map<DecisionKey.BudgetAccountKey, List<String>> queues = new HashMap<>();
    final List<Change> changes = new ArrayList<>();
    /** Corrections of upheld rulings, by key, as the service reads them from ruling_override. */
    final Map<DecisionKey, RulingOverride> overrides = new HashMap<>();

    Ledger(List<Policy> pack) {
        this.pack = pack;
        this.policies = new PolicyBook() {
            @Override
            public Optional<Policy> inForce(String policyId, Period period) {
                return pack.stream()
                        .filter(p -> p.id().equals(policyId) && p.inForce(period))
                        .findFirst();
            }

            @Override
            public Optional<Policy> latest(String policyId) {
                return pack.stream().filter(p -> p.id().equals(policyId)).findFirst();
            }
        };
        this.round = new DecisionRound(policies, Evaluator.ENGINE);
        this.settlement = new BudgetSettlement(policies, Evaluator.ENGINE);
    }

    /** The bundled pack. */
    static Ledger bundled() {
        return new Ledger(PolicyPack.bundled().policies());
    }

    /** The bundled pack with the voucher budget cut to {@code budget}. */
    static Ledger withVoucherBudget(String budget) {
        Map<String, String> files = new LinkedHashMap<>();
        for (Policy policy : PolicyPack.bundled().policies()) {
            String text = read(policy.file());
            files.put(
                    policy.file(),
                    policy.id().equals("innovation-voucher")
                            ? text.replace("perPeriod: \"20000000.00\"", "perPeriod: \"" + budget + "\"")
                            : text);
        }
        return new Ledger(PolicyPack.load(files).policies());
    }

    private static String read(String file) {
        try (var in = PolicyPack.class.getClassLoader().getResourceAsStream(PolicyPack.BUNDLED + file)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("bundled policy " + file, e);
        }
    }

    /**
     * A reviewer upholds an objection to {@code key}'s grant with {@code correction} (and {@code amount} for ADJUST): the
     * ruling takes the policy's evaluation of the facts now as its fact state, and the enterprise is decided again, as
     * the service does when it applies a ruling event.
     */
    Ledger rule(DecisionKey key, RulingOverride.Correction correction, String amount, String reasons) {
        Policy policy = policies.inForce(key.policyId(), io.mianshen.policy.facts.Period.parse(key.period()))
                .orElseThrow();
        io.mianshen.policy.Evaluation now = io.mianshen.policy.PolicyEngine.evaluate(
                policy, snapshot(key.uscc()), io.mianshen.policy.facts.Period.parse(key.period()), false);
        UUID ruling = UUID.randomUUID();
        overrides.put(
                key,
                new RulingOverride(
                        ruling,
                        correction,
                        amount == null ? null : new BigDecimal(amount),
                        Assessment.factState(now),
                        "复核裁定：" + reasons));
        decide(key.uscc());
        return this;
    }

    /** Takes {@code fact} in and decides its enterprise, as the service does after each fact. */
    Ledger receive(Fact fact) {
        facts.computeIfAbsent(fact.uscc(), u -> new ArrayList<>()).add(fact);
        decide(fact.uscc());
        return this;
    }

    /** Takes every fact of {@code history} in, then decides each enterprise once, as after a backfill. */
    Ledger receiveAll(List<? extends Fact> history) {
        history.forEach(fact ->
                facts.computeIfAbsent(fact.uscc(), u -> new ArrayList<>()).add(fact));
        history.stream().map(Fact::uscc).distinct().forEach(this::decide);
        return this;
    }

    /** Decides {@code uscc} with every policy of the pack. */
    void decide(String uscc) {
        TreeMap<String, Set<String>> work =
                new TreeMap<>(Map.of(uscc, pack.stream().map(Policy::id).collect(Collectors.toSet())));
        Map<DecisionKey, String> stored = assessments.entrySet().stream()
                .filter(e -> e.getKey().uscc().equals(uscc))
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().fingerprint()));
        Map<DecisionKey, LiveDecision> ownLive = live.entrySet().stream()
                .filter(e -> e.getKey().uscc().equals(uscc))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        DecisionRound.Decided decided =
                round.decide(new DecisionRound.Input(work, Map.of(uscc, snapshot(uscc)), ownLive, stored, overrides));
        apply(decided.changes(), decided.assessments());
        Map<DecisionKey.BudgetAccountKey, List<BudgetSettlement.Request>> byAccount = new TreeMap<>();
        decided.budget()
                .forEach(r -> byAccount
                        .computeIfAbsent(r.key().account(), a -> new ArrayList<>())
                        .add(r));
        byAccount.forEach((key, requests) -> {
            List<String> queue = queues.computeIfAbsent(key, k -> new ArrayList<>());
            Set<String> waiting = requests.stream()
                    .map(r -> r.key().uscc())
                    .filter(queue::contains)
                    .collect(Collectors.toSet());
            BudgetSettlement.Settled settled;
            if (BudgetSettlement.needsAccount(requests, waiting)) {
                BigDecimal total = policies.latest(key.policyId())
                        .orElseThrow()
                        .budgetPerPeriod()
                        .orElseThrow();
                settled = settlement.settle(
                        new BudgetSettlement.Account(
                                key, total, granted.getOrDefault(key, new BigDecimal("0.00")), List.copyOf(queue)),
                        requests,
                        stored,
                        new BudgetSettlement.Waiting() {
                            @Override
                            public FactsSnapshot facts(String other) {
                                return snapshot(other);
                            }

                            @Override
                            public Optional<LiveDecision> live(DecisionKey decision) {
                                return Optional.ofNullable(live.get(decision));
                            }
                        });
                granted.put(key, settled.granted());
            } else {
                settled = settlement.settleWithoutAccount(requests, stored);
            }
            apply(settled.changes(), settled.assessments());
        });
    }

    private void apply(List<Change> decided, List<Assessment> assessed) {
        for (Change change : decided) {
            changes.add(change);
            if (change instanceof Change.Grant grant) {
                live.put(
                        grant.key(),
                        new LiveDecision(UUID.randomUUID(), grant.explained().amount()));
            } else if (change instanceof Change.Adjust adjust) {
                live.put(
                        adjust.key(),
                        new LiveDecision(UUID.randomUUID(), adjust.explained().amount()));
            } else if (change instanceof Change.Revoke revoke) {
                live.remove(revoke.key());
            } else if (change instanceof Change.Queue queue) {
                queues.computeIfAbsent(queue.key().account(), k -> new ArrayList<>())
                        .add(queue.key().uscc());
            } else if (change instanceof Change.Dequeue dequeue) {
                queues.get(dequeue.key().account()).remove(dequeue.key().uscc());
            }
        }
        assessed.forEach(a -> assessments.put(a.key(), a));
    }

    /** The live decisions as "policy period" to amount. */
    Map<String, String> liveOf(String uscc) {
        return live.entrySet().stream()
                .filter(e -> e.getKey().uscc().equals(uscc))
                .collect(Collectors.toMap(
                        e -> e.getKey().policyId() + " " + e.getKey().period(),
                        e -> e.getValue().amount().toPlainString(),
                        (a, b) -> a,
                        TreeMap::new));
    }

    /** The changes of one kind so far, for {@code uscc}. */
    <C extends Change> List<C> changes(Class<C> kind, String uscc) {
        return changes.stream()
                .filter(kind::isInstance)
                .map(kind::cast)
                .filter(c -> c.key().uscc().equals(uscc))
                .toList();
    }

    /** The enterprise's facts as the fact store assembles them: corrections win, the earliest revocation counts. */
    FactsSnapshot snapshot(String uscc) {
        List<Fact> received = facts.getOrDefault(uscc, List.of());
        SourceRef source = new SourceRef("test", uscc);
        List<ProfileFact> profiles = received.stream()
                .filter(Profile.class::isInstance)
                .map(Profile.class::cast)
                .sorted(Comparator.comparing(Profile::asOf))
                .map(p -> new ProfileFact(
                        p.asOf(),
                        "企业" + uscc,
                        p.region(),
                        p.industry(),
                        p.sizeClass(),
                        LocalDate.of(2016, 5, 12),
                        new SourceRef("test", "profile-" + p.asOf())))
                .toList();
        List<FilingFact> filings = received.stream()
                .filter(Filing.class::isInstance)
                .map(Filing.class::cast)
                .map(f -> new FilingFact(
                        f.fiscalYear(),
                        f.filingId(),
                        null,
                        LocalDate.of(f.fiscalYear() + 1, 5, 31),
                        new BigDecimal("10000000.00"),
                        new BigDecimal(f.rdExpense()),
                        new BigDecimal(f.taxableIncome()),
                        80,
                        new SourceRef("test", f.filingId())))
                .toList();
        Map<String, Certificate> latest = new TreeMap<>();
        received.stream()
                .filter(Certificate.class::isInstance)
                .map(Certificate.class::cast)
                .sorted(Comparator.comparingInt(Certificate::sent))
                .forEach(c -> latest.put(c.kind() + "/" + c.number(), c));
        List<CertificateFact> certificates = latest.values().stream()
                .map(c -> {
                    Optional<LocalDate> revoked = received.stream()
                            .filter(Revocation.class::isInstance)
                            .map(Revocation.class::cast)
                            .filter(r -> r.kind().equals(c.kind()) && r.number().equals(c.number()))
                            .map(Revocation::revokedOn)
                            .min(Comparator.naturalOrder());
                    return new CertificateFact(
                            c.kind(),
                            c.number(),
                            c.issuedOn(),
                            c.validUntil(),
                            revoked.orElse(null),
                            new SourceRef("test", "certificate-" + c.number()),
                            revoked.map(r -> new SourceRef("test", "revocation-" + c.number()))
                                    .orElse(null));
                })
                .toList();
        List<RatingFact> ratings = received.stream()
                .filter(Rating.class::isInstance)
                .map(Rating.class::cast)
                .map(r -> new RatingFact(r.year(), r.rating(), source))
                .toList();
        List<DeregistrationFact> deregistrations = received.stream()
                .filter(Deregistration.class::isInstance)
                .map(Deregistration.class::cast)
                .map(d -> new DeregistrationFact(d.on(), source))
                .toList();
        return new FactsSnapshot(uscc, profiles, filings, certificates, ratings, List.of(), deregistrations);
    }
}
