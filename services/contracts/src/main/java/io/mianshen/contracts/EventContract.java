package io.mianshen.contracts;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.path.PathType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event contract of events.md, loaded from the JSON Schemas in this module: which topics carry
 * which types, and the validation of an event against its type's schema and the envelope rules.
 * Immutable and thread-safe; load it once with {@link #load()}.
 */
public final class EventContract {

    static final String RESOURCES = "contracts/";

    // numbers with a fraction are read as written (a money amount sent as a JSON number is quoted so in its reason)
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final List<EventTopic> topics;
    private final Map<String, EventTopic> topicByType = new LinkedHashMap<>();
    private final Map<String, JsonNode> schemaNodes = new LinkedHashMap<>();
    private final Map<String, Schema> schemas = new LinkedHashMap<>();
    private final Schema envelope;
    private final JsonNode envelopeSchema;

    private EventContract() {
        SchemaRegistry registry = schemaRegistry();
        JsonNode catalog = readResource("catalog.json");
        List<EventTopic> loaded = new ArrayList<>();
        for (JsonNode topic : catalog.get("topics")) {
            List<String> types = StreamSupport.stream(topic.get("types").spliterator(), false)
                    .map(JsonNode::asString)
                    .toList();
            EventTopic eventTopic = new EventTopic(
                    topic.get("topic").asString(),
                    topic.get("writtenBy").asString(),
                    types,
                    topic.hasNonNull("source") ? topic.get("source").asString() : null);
            loaded.add(eventTopic);
            for (String type : types) {
                JsonNode schema = readResource("schemas/" + type + ".schema.json");
                topicByType.put(type, eventTopic);
                schemaNodes.put(type, schema);
                schemas.put(type, registry.getSchema(schema));
            }
        }
        this.topics = List.copyOf(loaded);
        this.envelopeSchema = readResource("cloudevent.schema.json");
        this.envelope = registry.getSchema(envelopeSchema);
    }

    /** Loads the contract from the classpath. */
    public static EventContract load() {
        return new EventContract();
    }

    /** The topics of the contract, in the order of events.md. */
    public List<EventTopic> topics() {
        return topics;
    }

    /** The topic with this name, if the contract has it. */
    public Optional<EventTopic> topic(String name) {
        return topics.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    /** Every event type of the contract. */
    public Set<String> types() {
        return topicByType.keySet();
    }

    /** The topic that carries {@code type}, if the type is in the contract. */
    public Optional<EventTopic> topicOf(String type) {
        return Optional.ofNullable(topicByType.get(type));
    }

    /** The JSON Schema of {@code type}'s data. */
    public JsonNode schema(String type) {
        JsonNode schema = schemaNodes.get(type);
        if (schema == null) {
            throw new IllegalArgumentException("no event type " + type + " in the contract");
        }
        return schema;
    }

    /** The JSON Schema of the CloudEvents envelope. */
    public JsonNode envelopeSchema() {
        return envelopeSchema;
    }

    /**
     * Validates the data of an event of {@code type}. Pointers are relative to the data ({@code /uscc}).
     *
     * @return every violation, empty when the data is valid
     */
    public List<Violation> validateData(String type, JsonNode data) {
        Schema schema = schemas.get(type);
        if (schema == null) {
            return List.of(new Violation(
                    "",
                    "unknown-type",
                    "'" + type + "' is not an event type of the contract; known types: " + String.join(", ", types())));
        }
        List<Violation> violations = new ArrayList<>(schema.validate(data).stream()
                .map(e -> toViolation(e, schemaNodes.get(type)))
                .toList());
        ContractTexts.check(data, "", null, violations);
        return sorted(violations);
    }

    /**
     * Validates a whole event in structured form (envelope and data) as it arrived on {@code topic}
     * with {@code recordKey}. Pointers are into the structured event ({@code /data/uscc}).
     *
     * @param topic     the topic it was published to, or {@code null} when it came another way
     * @param recordKey the Kafka record key; {@code null} is accepted, any other value must equal the subject
     * @return every violation, empty when the event is valid
     */
    public List<Violation> validateEvent(JsonNode event, String topic, String recordKey) {
        List<Violation> violations = new ArrayList<>(envelope.validate(event).stream()
                .map(e -> toViolation(e, envelopeSchema))
                .toList());
        String type = text(event, "type");
        String subject = text(event, "subject");
        JsonNode data = event.get("data");
        if (type != null && !topicByType.containsKey(type)) {
            violations.add(new Violation(
                    "/type",
                    "unknown-type",
                    "'" + type + "' is not an event type of the contract"
                            + (topic == null
                                    ? ""
                                    : "; " + topic + " carries "
                                            + String.join(
                                                    ", ",
                                                    topic(topic)
                                                            .map(EventTopic::types)
                                                            .orElse(List.of())))));
        } else if (type != null) {
            EventTopic expected = topicByType.get(type);
            if (topic != null && !expected.name().equals(topic)) {
                violations.add(new Violation(
                        "/type",
                        "type-for-topic",
                        "type " + type + " belongs on " + expected.name() + ", not on " + topic));
            }
            if (data != null && data.isObject()) {
                validateData(type, data).forEach(v -> violations.add(v.under("/data")));
            }
        }
        for (Map.Entry<String, JsonNode> attribute : event.properties()) {
            if (!attribute.getKey().equals("data") || type == null || !topicByType.containsKey(type)) {
                ContractTexts.check(attribute.getValue(), "/" + attribute.getKey(), attribute.getKey(), violations);
            }
        }
        String source = text(event, "source");
        EventTopic written = topic == null ? null : topic(topic).orElse(null);
        if (written != null
                && written.source() != null
                && source != null
                && !written.source().equals(source)) {
            violations.add(new Violation(
                    "/source",
                    "producer-source",
                    topic + " is written by " + written.writtenBy() + " alone: its events' source is "
                            + written.source() + ", not " + source));
        }
        if (subject != null && data != null && data.has("uscc") && !subject.equals(text(data, "uscc"))) {
            violations.add(new Violation(
                    "/data/uscc",
                    "matches-subject",
                    "uscc " + text(data, "uscc") + " differs from the event's subject " + subject));
        }
        if (subject != null && recordKey != null && !recordKey.equals(subject)) {
            violations.add(new Violation(
                    "/subject",
                    "key-matches-subject",
                    "the record key " + recordKey + " differs from the subject " + subject
                            + "; the key must be the USCC"));
        }
        return sorted(violations);
    }

    /**
     * Validates a structured event and throws when it breaks the contract.
     *
     * @throws InvalidEventException with every violation
     */
    public void requireValid(JsonNode event, String topic, String recordKey) {
        List<Violation> violations = validateEvent(event, topic, recordKey);
        if (!violations.isEmpty()) {
            throw new InvalidEventException(violations);
        }
    }

    private Violation toViolation(Error error, JsonNode rootSchema) {
        String keyword = error.getKeyword();
        String pointer = error.getInstanceLocation().toString();
        if (("required".equals(keyword) || "additionalProperties".equals(keyword)) && error.getProperty() != null) {
            pointer = pointer + "/" + error.getProperty();
        }
        String field = pointer.isEmpty() ? "the event" : pointer.substring(pointer.lastIndexOf('/') + 1);
        JsonNode value = error.getInstanceNode();
        String shown = value == null ? "" : " " + value;
        return switch (keyword) {
            case "required" -> new Violation(pointer, "required", field + " is required");
            case "additionalProperties" ->
                new Violation(
                        pointer, "additionalProperties", field + " is not a field of this event type (misspelt?)");
            case "enum", "const" ->
                new Violation(pointer, "enum", field + shown + " is not one of " + error.getSchemaNode());
            case "format" -> formatViolation(pointer, field, value, error);
            case "type" ->
                new Violation(
                        pointer,
                        "type",
                        field + shown + " must be of JSON type " + error.getSchemaNode()
                                + (isMoneyField(error, rootSchema)
                                        ? "; money is a JSON string of yuan such as \"1234.50\", never a number"
                                        : ""));
            default -> new Violation(pointer, keyword, field + ": " + error.getMessage());
        };
    }

    private Violation formatViolation(String pointer, String field, JsonNode value, Error error) {
        String format =
                error.getSchemaNode() == null ? "" : error.getSchemaNode().asString();
        String text = value == null ? null : value.asString();
        if ((format.equals(ContractFormats.MONEY) || format.equals(ContractFormats.SIGNED_MONEY))
                && Money.isBeyondMaximum(text)) {
            return new Violation(
                    pointer,
                    "money-maximum",
                    field + " '" + text + "' is larger than the contract carries: money is at most " + Money.MAXIMUM
                            + " (and at least -" + Money.MAXIMUM + " where it may be negative)");
        }
        return switch (format) {
            case ContractFormats.USCC ->
                new Violation(
                        pointer,
                        "uscc",
                        field + " '" + text + "' is not a valid USCC: "
                                + Uscc.problem(text).orElse("invalid"));
            case ContractFormats.MONEY ->
                new Violation(
                        pointer,
                        "money",
                        field + " '" + text
                                + "' is not money: a non-negative decimal string of yuan with at most two decimals");
            case ContractFormats.SIGNED_MONEY ->
                new Violation(
                        pointer,
                        "money",
                        field + " '" + text + "' is not money: a decimal string of yuan with at most two decimals");
            case ContractFormats.DATE ->
                new Violation(
                        pointer,
                        "date",
                        field + " '" + text
                                + "' is not a date written YYYY-MM-DD (a real calendar day, years 1000 to 9999)");
            case ContractFormats.DATE_TIME ->
                new Violation(
                        pointer,
                        "date-time",
                        field + " '" + text
                                + "' is not an RFC 3339 date-time with seconds and an offset, e.g. 2024-05-20T14:12:00+08:00 (no leap second,"
                                + " at most nine decimals, years 1000 to 9999)");
            default -> new Violation(pointer, format, field + " '" + text + "' is not a valid " + format);
        };
    }

    /** Whether the value's own schema declares a money format, read from the failing keyword's location. */
    private static boolean isMoneyField(Error error, JsonNode rootSchema) {
        String keywordPointer = error.getSchemaLocation().getFragment().toString();
        String ownSchemaPointer = keywordPointer.substring(0, Math.max(0, keywordPointer.lastIndexOf('/')));
        String format = rootSchema.at(ownSchemaPointer).path("format").asString("");
        return format.equals(ContractFormats.MONEY) || format.equals(ContractFormats.SIGNED_MONEY);
    }

    private static List<Violation> sorted(List<Violation> violations) {
        return violations.stream()
                .distinct()
                .sorted(Comparator.comparing(Violation::pointer).thenComparing(Violation::rule))
                .toList();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        return value != null && value.isString() ? value.asString() : null;
    }

    private static SchemaRegistry schemaRegistry() {
        Dialect dialect = Dialect.builder(Dialects.getDraft202012())
                .formats(ContractFormats.all())
                .build();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        return SchemaRegistry.withDialect(dialect, builder -> builder.schemaRegistryConfig(config));
    }

    static JsonNode readResource(String name) {
        try (InputStream in = EventContract.class.getClassLoader().getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("contract resource missing: " + RESOURCES + name);
            }
            return JSON.readTree(in);
        } catch (IOException | JacksonException e) {
            throw new UncheckedIOException(new IOException("cannot read contract resource " + name, e));
        }
    }
}
