package io.mianshen.testsupport.fuzz;

import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.InvalidEventException;
import io.mianshen.testsupport.EventFeed;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A generator (QuickTheories) of records that a feed might send: the contract's valid examples with one thing
 * changed, a field's value (at and beyond its limits, huge and negative numbers, odd dates and times, Unicode and
 * control characters, other JSON types), a field taken away, a field added, or the bytes broken. Each mutant
 * knows whether the contract takes it, as its consumers must then process it; every other one they must
 * dead-letter. Each has an enterprise and an id of its own, unless the change is to them.
 */
public final class ContractMutants {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final EventContract CONTRACT = EventContract.load();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicLong SERIAL = new AtomicLong();

    /** What is done to the example. */
    enum Change {
        REPLACE,
        REMOVE,
        ADD,
        BREAK_BYTES
    }

    /** Values at and beyond the contract's limits, of every JSON type. */
    private static final List<JsonNode> VALUES = List.of(
            NODES.nullNode(),
            NODES.booleanNode(true),
            NODES.numberNode(0),
            NODES.numberNode(-1),
            NODES.numberNode(1.5),
            NODES.numberNode(2147483647),
            NODES.numberNode(2147483648L),
            NODES.numberNode(-2147483649L),
            NODES.numberNode(new BigInteger("9223372036854775808")),
            NODES.numberNode(new BigDecimal("1E+400")),
            NODES.numberNode(new BigDecimal("-0.0")),
            NODES.numberNode(2023),
            NODES.numberNode(99999),
            NODES.stringNode(""),
            NODES.stringNode(" "),
            NODES.stringNode("x".repeat(10_000)),
            NODES.stringNode("\u0000"),
            NODES.stringNode("a\u0007b"),
            NODES.stringNode("\u001b[31m红"),
            NODES.stringNode("\u202e反"),
            NODES.stringNode("😀企业"),
            NODES.stringNode("坏\ud800"),
            NODES.stringNode("\u0085"),
            NODES.stringNode("１２３"),
            NODES.stringNode("'; DROP TABLE fact_event; --"),
            NODES.stringNode("9999999999999999.99"),
            NODES.stringNode("10000000000000000.00"),
            NODES.stringNode("-9999999999999999.99"),
            NODES.stringNode("-0.01"),
            NODES.stringNode("0.001"),
            NODES.stringNode("1e5"),
            NODES.stringNode("NaN"),
            NODES.stringNode("0"),
            NODES.stringNode("2024-02-29"),
            NODES.stringNode("2023-02-29"),
            NODES.stringNode("0000-01-01"),
            NODES.stringNode("9999-12-31"),
            NODES.stringNode("2024-13-01"),
            NODES.stringNode("2016-12-31T23:59:60Z"),
            NODES.stringNode("2024-05-20T14:12:00.1234567891Z"),
            NODES.stringNode("2024-05-20T14:12:00+08:00"),
            NODES.stringNode("9999-12-31T23:59:59-18:00"),
            NODES.stringNode("1000-01-01T00:00:00+18:00"),
            NODES.stringNode("+12024-05-20T00:00:00Z"),
            NODES.stringNode("91370100MA3C0QXJ4F"),
            NODES.stringNode("HIGH_TECH_ENTERPRISE"),
            NODES.stringNode("LARGE"),
            NODES.stringNode("https://erp.example.cn/hooks/" + "p".repeat(3000)),
            NODES.arrayNode(),
            NODES.objectNode(),
            JSON.createObjectNode().set("nested", JSON.createObjectNode().put("deep", "value")));

    private ContractMutants() {}

    /** One record to publish: what was changed, and whether the contract takes it. */
    public record Mutant(String change, String topic, String key, byte[] value, boolean valid) {
        @Override
        public String toString() {
            return (valid ? "valid: " : "invalid: ") + change;
        }
    }

    /** Mutants of the valid examples of {@code types}. */
    public static Gen<Mutant> of(List<String> types) {
        Gen<JsonNode> randomText =
                strings().allPossible().ofLengthBetween(0, 24).map(text -> (JsonNode) NODES.stringNode(text));
        Gen<JsonNode> value = Generate.pick(VALUES).mix(randomText, 30);
        return Generate.pick(types)
                .zip(integers().between(0, 10_000), Generate.enumValues(Change.class), value, ContractMutants::mutant);
    }

    /** A valid event on {@code topic} (of its first type, a new enterprise and id), for the good records between the mutants. */
    public static Mutant validOn(String topic) {
        String type = CONTRACT.topic(topic).orElseThrow().types().get(0);
        ObjectNode event = fresh(type);
        return mutant("unchanged " + type, type, event, bytes(event));
    }

    /** The seed of the fuzz tests' generation: {@code -Dmianshen.fuzz.seed} to try others, fixed otherwise. */
    public static long seed() {
        return Long.getLong("mianshen.fuzz.seed", 20_261_202L);
    }

    /** How many mutants a fuzz test publishes: {@code -Dmianshen.fuzz.examples}, 300 otherwise. */
    public static int examples() {
        return Integer.getInteger("mianshen.fuzz.examples", 300);
    }

    private static Mutant mutant(String type, int choice, Change change, JsonNode value) {
        ObjectNode event = fresh(type);
        List<String> pointers = new ArrayList<>();
        collect(event, "", pointers);
        String pointer = pointers.get(choice % pointers.size());
        return switch (change) {
            case REPLACE -> {
                set(event, pointer, value);
                yield mutant(type + ": " + pointer + " = " + shown(value), type, event, bytes(event));
            }
            case REMOVE -> {
                remove(event, pointer);
                yield mutant(type + ": " + pointer + " removed", type, event, bytes(event));
            }
            case ADD -> {
                String parent = pointer.substring(0, pointer.lastIndexOf('/'));
                JsonNode container = parent.isEmpty() ? event : event.at(parent);
                if (container instanceof ObjectNode object) {
                    object.set("extra" + (choice % 7), value);
                } else if (container instanceof ArrayNode array) {
                    array.add(value);
                }
                yield mutant(
                        type + ": " + parent + "/extra" + (choice % 7) + " added = " + shown(value),
                        type,
                        event,
                        bytes(event));
            }
            case BREAK_BYTES -> {
                byte[] whole = bytes(event);
                int at = choice % whole.length;
                byte[] broken = choice % 3 == 0
                        ? Arrays.copyOf(whole, at)
                        : choice % 3 == 1 ? insert(whole, at, (byte) 0xFF) : insert(whole, at, (byte) '"');
                yield mutant(
                        type + ": bytes " + (choice % 3 == 0 ? "cut at " : choice % 3 == 1 ? "0xFF at " : "quote at ")
                                + at,
                        type,
                        event,
                        broken);
            }
        };
    }

    private static Mutant mutant(String change, String type, ObjectNode event, byte[] value) {
        String topic = CONTRACT.topicOf(type).orElseThrow().name();
        JsonNode subject = event.get("subject");
        String key = subject != null
                        && subject.isString()
                        && !subject.asString().isEmpty()
                        && subject.asString().length() < 100
                ? subject.asString()
                : EventFeed.newUscc();
        return new Mutant(change, topic, key, value, takenByTheContract(topic, key, value));
    }

    /** What a consumer decides, before storing: the contract's verdict on the record as it arrives. */
    private static boolean takenByTheContract(String topic, String key, byte[] value) {
        try {
            ObjectNode event = CloudEventForms.toStructured(
                    Map.of("content-type", CloudEventForms.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8)),
                    value);
            return CONTRACT.validateEvent(event, topic, key).isEmpty();
        } catch (InvalidEventException e) {
            return false;
        }
    }

    private static ObjectNode fresh(String type) {
        String uscc = EventFeed.newUscc();
        ObjectNode event = EventFeed.example(type, uscc);
        event.put("id", "fuzz-" + SERIAL.incrementAndGet() + "-" + uscc);
        JsonNode data = event.get("data");
        if (data.has("decisionId")) {
            ((ObjectNode) data).put("decisionId", java.util.UUID.randomUUID().toString());
        }
        if (data.has("noticeId")) {
            ((ObjectNode) data).put("noticeId", java.util.UUID.randomUUID().toString());
        }
        if (data.has("filingId")) {
            ((ObjectNode) data).put("filingId", "F-" + SERIAL.incrementAndGet());
        }
        return event;
    }

    private static void collect(JsonNode node, String pointer, List<String> into) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.properties()) {
                String child = pointer + "/" + entry.getKey();
                into.add(child);
                collect(entry.getValue(), child, into);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                into.add(pointer + "/" + i);
                collect(node.get(i), pointer + "/" + i, into);
            }
        }
    }

    private static void set(ObjectNode event, String pointer, JsonNode value) {
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode container = parent.isEmpty() ? event : event.at(parent);
        if (container instanceof ObjectNode object) {
            object.set(name, value.deepCopy());
        } else if (container instanceof ArrayNode array) {
            array.set(Integer.parseInt(name), value.deepCopy());
        }
    }

    private static void remove(ObjectNode event, String pointer) {
        String parent = pointer.substring(0, pointer.lastIndexOf('/'));
        String name = pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode container = parent.isEmpty() ? event : event.at(parent);
        if (container instanceof ObjectNode object) {
            object.remove(name);
        } else if (container instanceof ArrayNode array) {
            array.remove(Integer.parseInt(name));
        }
    }

    private static byte[] bytes(JsonNode event) {
        return event.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] insert(byte[] bytes, int at, byte inserted) {
        byte[] out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = inserted;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
        return out;
    }

    private static String shown(JsonNode value) {
        String text = value.toString();
        return text.length() > 60 ? text.substring(0, 60) + "...(" + text.length() + " chars)" : text;
    }
}
