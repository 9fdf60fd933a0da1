package io.mianshen.contracts;

import java.util.Optional;

/**
 * The Unified Social Credit Code (统一社会信用代码) of GB 32100-2015: 18 characters from
 * {@value #ALPHABET}, the last a check character over the first 17.
 */
public final class Uscc {

    /** The 31 characters a USCC may use; I, O, S, V and Z never appear. */
    public static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";

    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    private Uscc() {}

    /** Whether {@code code} is a well-formed USCC with the right check character. */
    public static boolean isValid(String code) {
        return problem(code).isEmpty();
    }

    /**
     * What is wrong with {@code code}, in a sentence naming the position and character, or empty when
     * it is a valid USCC.
     */
    public static Optional<String> problem(String code) {
        if (code == null) {
            return Optional.of("a USCC is required");
        }
        if (code.length() != 18) {
            return Optional.of("a USCC has 18 characters, found " + code.length());
        }
        for (int i = 0; i < 18; i++) {
            char c = code.charAt(i);
            if (ALPHABET.indexOf(c) < 0) {
                return Optional.of(
                        "character '" + c + "' at position " + (i + 1) + " is not in the USCC alphabet " + ALPHABET);
            }
        }
        char expected = checkCharacter(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return Optional.of("check character is '" + code.charAt(17) + "' but GB 32100-2015 gives '" + expected
                    + "' for " + code.substring(0, 17));
        }
        return Optional.empty();
    }

    /**
     * The check character for the first 17 characters of a USCC.
     *
     * @throws IllegalArgumentException if {@code first17} is not 17 characters of the alphabet
     */
    public static char checkCharacter(String first17) {
        if (first17.length() != 17) {
            throw new IllegalArgumentException("need the first 17 characters, got " + first17.length());
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            int value = ALPHABET.indexOf(first17.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("'" + first17.charAt(i) + "' is not in the USCC alphabet");
            }
            sum += value * WEIGHTS[i];
        }
        int check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }
}
