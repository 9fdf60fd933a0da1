package io.mianshen.contracts;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads a CloudEvent from the Kafka protocol binding into its structured JSON form, so that both
 * modes are validated alike. Binary mode: attributes in {@code ce_*} headers, {@code content-type}
 * is the datacontenttype, the value is the data. Structured mode: {@code content-type:
 * application/cloudevents+json} and the value is the whole event. A record with neither header is
 * read as structured, which is what a hand-typed {@code kcat -P} line gives.
 */
public final class CloudEventForms {

    /** The content type that marks structured mode. */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json";

    // numbers with a fraction are read as written (a money amount sent as a JSON number is quoted so in its reason)
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    private static final String PREFIX = "ce_";

    private CloudEventForms() {}

    /**
     * A CloudEvent 1.0 in structured form around {@code data}, as the services publish theirs: the attributes in the
     * contract's order, {@code datacontenttype} {@code application/json}, {@code time} to the millisecond (RFC 3339, UTC).
     */
    public static ObjectNode structured(
            String type, String id, String source, String subject, java.time.Instant time, JsonNode data) {
        ObjectNode event = JSON.createObjectNode();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", source);
        event.put("type", type);
        event.put("subject", subject);
        event.put("time", time.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
        event.put("datacontenttype", "application/json");
        event.set("data", data);
        return event;
    }

    /**
     * The event in structured form.
     *
     * @param headers the record's headers by name (the last value of a repeated header wins)
     * @param value   the record's value
     * @throws InvalidEventException when the value is not JSON (rule {@code json})
     */
    public static ObjectNode toStructured(Map<String, byte[]> headers, byte[] value) {
        String contentType = header(headers, "content-type");
        boolean structured = contentType != null
                ? contentType.toLowerCase(Locale.ROOT).startsWith(STRUCTURED_CONTENT_TYPE)
                : !headers.containsKey(PREFIX + "specversion");
        if (structured) {
            JsonNode event = parse(value, "");
            if (!event.isObject()) {
                throw new InvalidEventException(
                        List.of(new Violation("", "json", "a structured CloudEvent is a JSON object")));
            }
            return (ObjectNode) event;
        }
        ObjectNode event = JSON.createObjectNode();
        headers.forEach((name, bytes) -> {
            if (name.startsWith(PREFIX) && bytes != null) {
                event.put(name.substring(PREFIX.length()), new String(bytes, StandardCharsets.UTF_8));
            }
        });
        if (contentType != null) {
            event.put("datacontenttype", contentType);
        }
        if (value != null) {
            event.set("data", parse(value, "/data"));
        }
        return event;
    }

    private static JsonNode parse(byte[] value, String pointer) {
        if (value == null || value.length == 0) {
            throw new InvalidEventException(
                    List.of(new Violation(pointer, "json", "the record has no value; a JSON event was expected")));
        }
        try {
            return JSON.readTree(value);
        } catch (JacksonException e) {
            throw new InvalidEventException(List.of(
                    new Violation(pointer, "json", "the record value is not valid JSON: " + e.getOriginalMessage())));
        }
    }

    private static String header(Map<String, byte[]> headers, String name) {
        byte[] value = headers.get(name);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }
}
