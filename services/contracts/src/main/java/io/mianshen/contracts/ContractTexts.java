package io.mianshen.contracts;

import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Text the services can store and show: no control characters (U+0000 to U+001F, U+007F to U+009F) and no lone
 * UTF-16 surrogate in any string or field name of an event. Free-text fields ({@link #MULTI_LINE}: an objection's
 * text, a reason, a delivery error) may carry line breaks and tabs.
 */
final class ContractTexts {

    static final String RULE = "control-characters";

    /** Fields whose text may run over several lines. */
    static final Set<String> MULTI_LINE = Set.of("text", "reason", "lastError");

    private ContractTexts() {}

    /** Adds a violation for every string under {@code node} (at {@code pointer}) that breaks the rule. */
    static void check(JsonNode node, String pointer, String field, List<Violation> into) {
        if (node == null) {
            return;
        }
        if (node.isString()) {
            int bad = firstBad(node.asString(), MULTI_LINE.contains(field));
            if (bad >= 0) {
                into.add(new Violation(
                        pointer,
                        RULE,
                        (field == null ? "the value" : field) + " has a control character or a broken"
                                + " Unicode character (U+"
                                + String.format("%04X", (int) node.asString().charAt(bad)) + ") at position " + bad
                                + "; text may not carry them"));
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String name = entry.getKey();
                String escaped = name.replace("~", "~0").replace("/", "~1");
                if (firstBad(name, false) >= 0) {
                    into.add(new Violation(pointer + "/" + escaped, RULE, "a field name has a control character"));
                    continue;
                }
                check(entry.getValue(), pointer + "/" + escaped, name, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                check(node.get(i), pointer + "/" + i, field, into);
            }
        }
    }

    /** The index of the first character the rule refuses, or -1. */
    static int firstBad(String text, boolean multiLine) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && !(multiLine && (c == '\n' || c == '\r' || c == '\t'))) {
                return i;
            }
            if (c >= 0x7F && c <= 0x9F) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }
}
