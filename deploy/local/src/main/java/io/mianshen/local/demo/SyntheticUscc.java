package io.mianshen.local.demo;

import io.mianshen.contracts.Uscc;
import java.util.Random;

/** Made-up but valid USCCs for synthetic enterprises: 91 (an enterprise), a region code, nine random characters, the check character. */
public final class SyntheticUscc {

    private SyntheticUscc() {}

    /** A USCC of an enterprise registered in {@code region} (six digits, e.g. 370102). */
    public static String next(Random random, String region) {
        StringBuilder code = new StringBuilder("91").append(region);
        for (int c = 0; c < 9; c++) {
            code.append(Uscc.ALPHABET.charAt(random.nextInt(Uscc.ALPHABET.length())));
        }
        return code.append(Uscc.checkCharacter(code.toString())).toString();
    }
}
