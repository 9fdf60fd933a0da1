package io.mianshen.policy;

import io.mianshen.policy.facts.Period;
import io.mianshen.policy.facts.PeriodKind;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one-sentence summary of an evaluation for notices, in Chinese and English. An eligible result
 * uses the policy's notice template; the others are built from the clauses' reasons and the missing
 * facts. Money is written with thousands separators and two decimals, rates as percentages.
 *
 * @param zh Chinese
 * @param en English
 */
record Sentences(String zh, String en) {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_.]*)}");

    static Sentences of(
            Policy policy,
            Period period,
            Outcome outcome,
            Map<String, Object> values,
            List<Explanation.Clause> clauses,
            List<String> missing) {
        return switch (outcome) {
            case ELIGIBLE ->
                new Sentences(
                        fill(policy.notice().zh(), policy, period, values),
                        fill(policy.notice().en(), policy, period, values));
            case INELIGIBLE -> {
                List<Explanation.Clause> failing = clauses.stream()
                        .filter(c -> c.status() == Explanation.ClauseStatus.FAILS)
                        .toList();
                yield new Sentences(
                        "经核验，贵单位" + periodZh(period) + "不符合“" + policy.title() + "”条件："
                                + failing.stream()
                                        .map(Explanation.Clause::reasonZh)
                                        .collect(Collectors.joining("；")) + "。",
                        "Your enterprise does not qualify for " + policy.titleEn() + " for " + periodEn(period) + ": "
                                + failing.stream()
                                        .map(Explanation.Clause::reasonEn)
                                        .collect(Collectors.joining("; ")) + ".");
            }
            case UNDETERMINED ->
                new Sentences(
                        "贵单位" + periodZh(period) + "“" + policy.title() + "”尚待认定，待以下数据到达后自动办理："
                                + String.join("；", missing) + "。",
                        policy.titleEn() + " for " + periodEn(period)
                                + " will be decided automatically once this data arrives: " + String.join("; ", missing)
                                + ".");
        };
    }

    /** Replaces each {@code {name}} with the formatted value; an unknown name is left as written. */
    static String fill(String template, Policy policy, Period period, Map<String, Object> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            matcher.appendReplacement(out, Matcher.quoteReplacement(format(name, policy, period, values)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String format(String name, Policy policy, Period period, Map<String, Object> values) {
        if (name.equals("year")) {
            return String.valueOf(period.year());
        }
        if (name.equals("title")) {
            return policy.title();
        }
        Object value = values.get(name);
        if (value == null) {
            return "{" + name + "}";
        }
        if (value instanceof BigDecimal decimal) {
            return policy.isRate(name) ? percent(decimal) : money(decimal);
        }
        return String.valueOf(value);
    }

    /**
     * An amount in yuan as notices write it: two decimals (half up), thousands separated by commas, e.g.
     * {@code 1,234,567.80}. Written by hand: a {@code DecimalFormat} built per call was a fifth of the
     * cost of an explanation.
     */
    static String money(BigDecimal amount) {
        String plain = amount.setScale(2, RoundingMode.HALF_UP).abs().toPlainString();
        int integerDigits = plain.length() - 3;
        StringBuilder out = new StringBuilder(plain.length() + integerDigits / 3 + 1);
        if (amount.signum() < 0 && amount.setScale(2, RoundingMode.HALF_UP).signum() != 0) {
            out.append('-');
        }
        for (int i = 0; i < integerDigits; i++) {
            if (i > 0 && (integerDigits - i) % 3 == 0) {
                out.append(',');
            }
            out.append(plain.charAt(i));
        }
        return out.append(plain, integerDigits, plain.length()).toString();
    }

    static String percent(BigDecimal rate) {
        return rate.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }

    private static String periodZh(Period period) {
        return switch (period.kind()) {
            case FISCAL_YEAR -> period.year() + "年度";
            case CALENDAR_YEAR -> period.year() + "年";
            case ONCE -> "";
        };
    }

    private static String periodEn(Period period) {
        return period.kind() == PeriodKind.ONCE ? "the one-time award" : period.label();
    }
}
