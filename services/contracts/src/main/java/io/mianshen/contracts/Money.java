package io.mianshen.contracts;

import java.util.regex.Pattern;

/**
 * The contract's money: a JSON string of yuan (CNY) with at most two decimals, e.g. {@code "1234567.89"}, of at
 * most {@link #MAXIMUM} in size (sixteen digits before the point: what every service's {@code numeric(18,2)}
 * columns hold).
 */
public final class Money {

    /** The largest amount the contract carries, and the most negative is its negative. */
    public static final String MAXIMUM = "9999999999999999.99";

    private static final Pattern NON_NEGATIVE = Pattern.compile("(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?");
    private static final Pattern SIGNED = Pattern.compile("-?(0|[1-9][0-9]{0,15})(\\.[0-9]{1,2})?");
    private static final Pattern ANY_SIZE = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]{1,2})?");

    private Money() {}

    /** Whether {@code text} is a non-negative amount of yuan with at most two decimals. */
    public static boolean isAmount(String text) {
        return text != null && NON_NEGATIVE.matcher(text).matches();
    }

    /** Whether {@code text} is written as money but is larger (or more negative) than {@link #MAXIMUM}. */
    public static boolean isBeyondMaximum(String text) {
        return text != null
                && ANY_SIZE.matcher(text).matches()
                && !SIGNED.matcher(text).matches();
    }

    /** Whether {@code text} is an amount of yuan, possibly negative (a loss), with at most two decimals. */
    public static boolean isSignedAmount(String text) {
        return text != null && SIGNED.matcher(text).matches();
    }
}
