package io.mianshen.policy.peer;

import io.mianshen.policy.Outcome;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.facts.FactsSnapshot;
import io.mianshen.policy.facts.FilingFact;
import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.ProfileFact;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.expression.Expression;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.SpelParserConfiguration;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;

/**
 * The same pack written for a peer engine a user might pick instead: Spring Expression Language with
 * BigDecimal arithmetic, hand-wired to the same facts and the same parameter rows. The benchmark
 * compares it with the CEL engine after {@code PeerParityTest} has shown both decide alike.
 */
public final class SpelPack {

    /**
     * A decision of the peer.
     *
     * @param outcome the outcome
     * @param amount  the amount for ELIGIBLE
     */
    public record Result(Outcome outcome, BigDecimal amount) {}

    private record Clause(String id, Expression when, List<String> needs) {}

    private record PeerPolicy(Policy source, List<Clause> clauses, Expression amount, List<String> amountNeeds) {}

    private static final SpelExpressionParser PARSER = new SpelExpressionParser(
            new SpelParserConfiguration(SpelCompilerMode.MIXED, SpelPack.class.getClassLoader()));
    private static final String EXCLUDED = "!#deregistered";
    private static final String NOT_DISHONEST = "!#dishonest";

    private final Map<String, PeerPolicy> policies = new HashMap<>();

    public SpelPack(PolicyPack pack) {
        define(
                pack,
                "rd-super-deduction",
                "#rd * ((#industry.startsWith('C') or #techSmeInYear) ? #p_preferredRate : #p_generalRate)",
                List.of("rd", "industry"),
                clause("rd-expense-positive", "#rd.signum() > 0", "rd"),
                clause(
                        "industry-not-excluded",
                        "#p_excludedIndustries.?[#industry.startsWith(#this)].isEmpty()",
                        "industry"));
        define(
                pack,
                "hnte-income-tax-rate",
                "#taxable * (#p_standardRate - #p_preferentialRate)",
                List.of("taxable"),
                clause("certificate-valid-at-year-end", "#hnteOnDate"),
                clause("taxable-income-positive", "#taxable.signum() > 0", "taxable"));
        define(
                pack,
                "rd-post-subsidy",
                "((#rd - #prevRd) * #p_rate).min(#p_cap)",
                List.of("rd", "prevRd"),
                clause("not-deregistered", EXCLUDED),
                clause("not-seriously-dishonest", NOT_DISHONEST),
                clause("tech-enterprise", "#techSmeInYear or #hnteInYear"),
                clause("rd-increase", "(#rd - #prevRd).signum() > 0", "rd", "prevRd"),
                clause("no-d-rating", "!#dRating"));
        define(
                pack,
                "city-rd-increment-reward",
                "((#rd - #prevRd) * #p_rate).min(#p_cap)",
                List.of("rd", "prevRd"),
                clause("not-deregistered", EXCLUDED),
                clause("not-seriously-dishonest", NOT_DISHONEST),
                clause("registered-in-jinan", "#region.startsWith(#p_regionPrefix)", "region"),
                clause(
                        "increase-at-least-minimum",
                        "(#rd - #prevRd).compareTo(#p_minimumIncrease) >= 0",
                        "rd",
                        "prevRd"));
        define(
                pack,
                "sme-to-hnte-reward",
                "#p_reward",
                List.of(),
                clause("not-deregistered", EXCLUDED),
                clause("not-seriously-dishonest", NOT_DISHONEST),
                clause(
                        "small-or-medium-on-issue-date",
                        "{'MICRO', 'SMALL', 'MEDIUM'}.contains(#sizeClass)",
                        "sizeClass"),
                clause("first-certificate-not-revoked-within-three-years", "!#firstRevoked"));
        define(
                pack,
                "innovation-voucher",
                "#sizeClass == 'MEDIUM' ? #p_mediumAmount : #p_smallAmount",
                List.of("sizeClass"),
                clause("not-deregistered", EXCLUDED),
                clause("not-seriously-dishonest", NOT_DISHONEST),
                clause("tech-sme-in-year", "#techSmeInYear"),
                clause("not-large", "{'MICRO', 'SMALL', 'MEDIUM'}.contains(#sizeClass)", "sizeClass"));
    }

    /** Evaluates policy {@code id} for {@code period}, which the caller has checked is in force. */
    public Result evaluate(String id, FactsSnapshot facts, Period period) {
        PeerPolicy policy = policies.get(id);
        Map<String, Object> variables = variables(policy.source(), facts, period);
        StandardEvaluationContext context = new StandardEvaluationContext();
        context.setVariables(variables);
        boolean undetermined = false;
        for (Clause clause : policy.clauses()) {
            if (clause.needs().stream().anyMatch(v -> variables.get(v) == null)) {
                undetermined = true;
            } else if (!Boolean.TRUE.equals(clause.when().getValue(context, Boolean.class))) {
                return new Result(Outcome.INELIGIBLE, null);
            }
        }
        if (undetermined || policy.amountNeeds().stream().anyMatch(v -> variables.get(v) == null)) {
            return new Result(Outcome.UNDETERMINED, null);
        }
        BigDecimal amount = policy.amount().getValue(context, BigDecimal.class);
        return new Result(Outcome.ELIGIBLE, amount.setScale(2, RoundingMode.HALF_UP));
    }

    private static Map<String, Object> variables(Policy policy, FactsSnapshot facts, Period period) {
        Map<String, Object> v = new HashMap<>();
        Optional<ProfileFact> profile = facts.profileOn(period.date());
        v.put("industry", profile.map(ProfileFact::industry).orElse(null));
        v.put("region", profile.map(ProfileFact::region).orElse(null));
        v.put("sizeClass", profile.map(ProfileFact::sizeClass).orElse(null));
        v.put("rd", facts.filingOf(period.year()).map(FilingFact::rdExpense).orElse(null));
        v.put(
                "prevRd",
                facts.filingOf(period.year() - 1).map(FilingFact::rdExpense).orElse(null));
        v.put(
                "taxable",
                facts.filingOf(period.year()).map(FilingFact::taxableIncome).orElse(null));
        v.put("deregistered", !facts.deregistrations().isEmpty());
        v.put(
                "dishonest",
                !facts.listingsOpenOrOverlapping(period.start(), period.end()).isEmpty());
        v.put("techSmeInYear", facts.certificates("TECH_SME").stream().anyMatch(c -> c.validInYear(period.year())));
        v.put(
                "hnteInYear",
                facts.certificates("HIGH_TECH_ENTERPRISE").stream().anyMatch(c -> c.validInYear(period.year())));
        v.put(
                "hnteOnDate",
                facts.certificates("HIGH_TECH_ENTERPRISE").stream().anyMatch(c -> c.validOn(period.date())));
        v.put(
                "dRating",
                facts.ratings(period.year()).stream().anyMatch(r -> r.rating().equals("D")));
        policy.parameters()
                .forEach((name, parameter) -> v.put(
                        "p_" + name,
                        parameter.rowOn(period.date()).orElseThrow().value()));
        Object years = v.get("p_clawbackYears");
        v.put(
                "firstRevoked",
                years != null
                        && facts.firstCertificate("HIGH_TECH_ENTERPRISE")
                                .map(c -> c.revokedWithinYears(((Long) years).intValue()))
                                .orElse(false));
        return v;
    }

    private void define(PolicyPack pack, String id, String amount, List<String> amountNeeds, Clause... clauses) {
        policies.put(
                id,
                new PeerPolicy(
                        pack.policy(id).orElseThrow(), List.of(clauses), PARSER.parseExpression(amount), amountNeeds));
    }

    private static Clause clause(String id, String expression, String... needs) {
        return new Clause(id, PARSER.parseExpression(expression), List.of(needs));
    }
}
