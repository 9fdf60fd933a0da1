package io.mianshen.notification.notices;

/**
 * A reason as the eligibility service writes it, Chinese first with the English in a closing parenthesis
 * ("事实变更，金额重新核定 (facts changed: amount recalculated)"), split so that each notice speaks one language. A
 * text without such a parenthesis is the same in both.
 *
 * @param zh the Chinese
 * @param en the English
 */
record Bilingual(String zh, String en) {

    /** Splits {@code text} at the parenthesis that closes it. */
    static Bilingual of(String text) {
        if (text == null) {
            return new Bilingual(null, null);
        }
        String trimmed = text.strip();
        if (!trimmed.endsWith(")")) {
            return new Bilingual(trimmed, trimmed);
        }
        int depth = 0;
        for (int i = trimmed.length() - 1; i >= 0; i--) {
            char c = trimmed.charAt(i);
            if (c == ')') {
                depth++;
            } else if (c == '(' && --depth == 0) {
                String zh = trimmed.substring(0, i).strip();
                String en = trimmed.substring(i + 1, trimmed.length() - 1).strip();
                if (zh.isEmpty() || en.isEmpty()) {
                    return new Bilingual(trimmed, trimmed);
                }
                return new Bilingual(zh, Character.toUpperCase(en.charAt(0)) + en.substring(1));
            }
        }
        return new Bilingual(trimmed, trimmed);
    }
}
