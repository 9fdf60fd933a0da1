package io.mianshen.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The contract's example events, for every consumer's tests: one valid structured CloudEvent per
 * type, and invalid ones covering each class of bad input with the violation they must produce.
 */
public final class ContractExamples {

    private ContractExamples() {}

    /**
     * An invalid example and what rejecting it must report.
     *
     * @param file        its file under {@code contracts/examples/invalid/}
     * @param description the class of bad input it stands for
     * @param topic       the topic it is published to
     * @param pointer     the JSON Pointer the violation names
     * @param rule        the rule the violation names
     * @param raw         the bytes of the structured event (not always JSON)
     */
    public record InvalidExample(
            String file, String description, String topic, String pointer, String rule, byte[] raw) {

        /** The field the rejection must name: the last segment of the pointer. */
        public String field() {
            return pointer.substring(pointer.lastIndexOf('/') + 1);
        }

        @Override
        public String toString() {
            return file;
        }
    }

    /** The valid example of {@code type}, a structured CloudEvent. */
    public static JsonNode valid(String type) {
        return EventContract.readResource("examples/valid/" + type + ".json");
    }

    /** Every invalid example, in the order of the manifest. */
    public static List<InvalidExample> invalid() {
        List<InvalidExample> examples = new ArrayList<>();
        for (JsonNode entry : EventContract.readResource("examples/invalid/manifest.json")) {
            String file = entry.get("file").asString();
            examples.add(new InvalidExample(
                    file,
                    entry.get("class").asString(),
                    entry.get("topic").asString(),
                    entry.get("pointer").asString(),
                    entry.get("rule").asString(),
                    bytes("examples/invalid/" + file)));
        }
        return List.copyOf(examples);
    }

    private static byte[] bytes(String name) {
        try (InputStream in =
                ContractExamples.class.getClassLoader().getResourceAsStream(EventContract.RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("contract resource missing: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
