package io.mianshen.contracts;

/**
 * One broken rule of the event contract.
 *
 * @param pointer JSON Pointer (RFC 6901) to the offending value; into the structured CloudEvent
 *                ({@code /data/rdExpense}) or, from {@link EventContract#validateData}, into the data
 * @param rule    the rule's short name: a JSON Schema keyword ({@code required}, {@code type}, {@code enum}),
 *                a format ({@code uscc}, {@code money}, {@code date}) or an envelope rule
 *                ({@code unknown-type}, {@code type-for-topic}, {@code matches-subject}, {@code json})
 * @param message a sentence for a feed operator, naming the field
 */
public record Violation(String pointer, String rule, String message) {

    /** One line: pointer, message and rule, as written to dead-letter headers and logs. */
    public String describe() {
        return (pointer.isEmpty() ? "(event)" : pointer) + ": " + message + " [rule " + rule + "]";
    }

    Violation under(String prefix) {
        return new Violation(prefix + pointer, rule, message);
    }
}
