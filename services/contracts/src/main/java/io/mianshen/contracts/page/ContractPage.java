package io.mianshen.contracts.page;

import io.mianshen.contracts.ContractExamples;
import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Renders the feed operators' contract page (Markdown) from the JSON Schemas, the catalogue and the
 * valid examples. {@code ContractPageTest} fails when the committed page differs from this rendering.
 */
public final class ContractPage {

    /** Where the page lives, relative to the repository root. */
    public static final String PATH = "docs/feed-contract.md";

    private static final JsonMapper PRETTY =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private final EventContract contract;

    public ContractPage(EventContract contract) {
        this.contract = contract;
    }

    /** Writes the page to {@code args[0]} (default {@value #PATH}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : PATH);
        Files.writeString(target, new ContractPage(EventContract.load()).render(), StandardCharsets.UTF_8);
    }

    /** The whole page. */
    public String render() {
        StringBuilder page = new StringBuilder();
        page.append("""
                # Mianshen event contract (v1): the page for feed operators

                <!-- Rendered from services/contracts/src/main/resources/contracts by ContractPage; do not edit by hand.
                     Regenerate: ./mvnw -q -pl services/contracts -am test -Dtest=ContractPageTest -Dsurefire.failIfNoSpecifiedTests=false -Dcontracts.page.write=true -->

                Data feeds publish CloudEvents 1.0 to Kafka (binary or structured mode of the Kafka protocol binding).
                Names on this page are a public contract: a field changes only through a new versioned type.
                The machine-readable truth is the JSON Schemas (draft 2020-12) in
                `services/contracts/src/main/resources/contracts/schemas`, with one valid example per type in
                `examples/valid` and invalid examples for each class of bad input in `examples/invalid`.

                ## Envelope

                Binary mode: each attribute travels as a `ce_<attribute>` header and the record value is the JSON
                `data`; the `content-type` header is the `datacontenttype`. Structured mode: header
                `content-type: application/cloudevents+json` and the value is the whole event as one JSON object.
                A record with neither header is read as structured.

                | attribute | required | rule |
                |---|---|---|
                """);
        JsonNode envelope = contract.envelopeSchema();
        Set<String> envelopeRequired = strings(envelope.path("required"));
        envelope.path("properties")
                .properties()
                .forEach(p -> page.append("| `")
                        .append(p.getKey())
                        .append("` | ")
                        .append(envelopeRequired.contains(p.getKey()) ? "yes" : "no")
                        .append(" | ")
                        .append(describe(p.getValue()))
                        .append(" |\n"));
        page.append("""

                **Record key**: the USCC, the same as `subject`, so that one enterprise's events stay in order.
                A record without a key is accepted; a key that differs from the subject is rejected.

                **(`source`, `id`)** identifies an event: publishing it again is a duplicate, never a new fact.

                **USCC** (统一社会信用代码, GB 32100-2015): 18 characters from `0123456789ABCDEFGHJKLMNPQRTUWXY`;
                the last is a check character over the first 17 (weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28;
                check = 31 - (sum mod 31), 31 becomes 0). A wrong check character is bad input.

                **Money** (`format: money`) is a JSON string holding a decimal number of yuan with at most two decimals,
                e.g. `"1234567.89"`, never a JSON number; `signed-money` may be negative (a loss). Money is at most
                `9999999999999999.99` (sixteen digits before the point; `signed-money` at least its negative): what the
                services' `numeric(18,2)` columns hold. **Integers** stay within their schema's `minimum` and `maximum`
                (a count at most 2147483647).
                **Dates** are `YYYY-MM-DD`, a real calendar day; date-times are RFC 3339 with seconds and an offset
                (`2024-05-20T14:12:00+08:00`), no leap second (`23:59:60`), at most nine decimals; years 1000 to 9999.
                **Text** carries no control characters (U+0000 to U+001F, U+007F to U+009F) and no broken Unicode (a lone
                surrogate), in any attribute or field; free text (`text`, `reason`, `lastError`) may break lines
                (line feed, carriage return, tab).

                ## Topics

                | topic | written by | types | dead-letter topic |
                |---|---|---|---|
                """);
        for (EventTopic topic : contract.topics()) {
            page.append("| `")
                    .append(topic.name())
                    .append("` | ")
                    .append(topic.writtenBy())
                    .append(
                            topic.source() == null
                                    ? ""
                                    : " (every event's `source` is `" + topic.source()
                                            + "`; any other is dead-lettered)")
                    .append(" | ")
                    .append(topic.types().stream().map(t -> "`" + t + "`").collect(Collectors.joining(", ")))
                    .append(" | `")
                    .append(topic.deadLetterTopic())
                    .append("` |\n");
        }
        page.append("""

                ## Rejected events

                A consumer that cannot accept a record publishes it, key and value unchanged, to `<topic>.dlt` and moves
                on with the partition. Every violation is reported, not only the first, each with a JSON Pointer into
                the structured event and the rule it broke (`required`, `type`, `enum`, `additionalProperties`, `uscc`,
                `money`, `money-maximum`, `minimum`, `maximum`, `minLength`, `maxLength`, `pattern`, `date`, `date-time`,
                `control-characters`, `json`, `unknown-type`, `type-for-topic`, `matches-subject`, `key-matches-subject`;
                `processing-failed` when a valid record still could not be stored, after its attempts). The headers:

                | header | meaning |
                |---|---|
                """);
        page.append("| `")
                .append(DeadLetterHeaders.REASON)
                .append("` | every violation, one per line: `pointer: message [rule name]` |\n");
        page.append("| `")
                .append(DeadLetterHeaders.RULE)
                .append(
                        "` | every violation's rule, each once, comma-separated, in the order of the reason's lines |\n");
        page.append("| `")
                .append(DeadLetterHeaders.POINTER)
                .append("` | every violation's JSON Pointer, comma-separated, in the order of the reason's lines |\n");
        page.append("| `")
                .append(DeadLetterHeaders.CONSUMER)
                .append("` | the service and consumer group that rejected it |\n");
        page.append("| `")
                .append(DeadLetterHeaders.ORIGINAL_TOPIC)
                .append("`, `")
                .append(DeadLetterHeaders.ORIGINAL_PARTITION)
                .append("`, `")
                .append(DeadLetterHeaders.ORIGINAL_OFFSET)
                .append("` | where the record was read from |\n");
        page.append(
                "\nThe invalid examples, one per class of bad input:\n\n| example | class | pointer | rule |\n|---|---|---|---|\n");
        for (ContractExamples.InvalidExample example : ContractExamples.invalid()) {
            page.append("| `")
                    .append(example.file())
                    .append("` | ")
                    .append(example.description())
                    .append(" | `")
                    .append(example.pointer())
                    .append("` | `")
                    .append(example.rule())
                    .append("` |\n");
        }
        for (EventTopic topic : contract.topics()) {
            page.append("\n## Topic `").append(topic.name()).append("`\n");
            for (String type : topic.types()) {
                renderType(page, type);
            }
        }
        return page.toString();
    }

    private void renderType(StringBuilder page, String type) {
        JsonNode schema = contract.schema(type);
        page.append("\n### `")
                .append(type)
                .append("`\n\n")
                .append(schema.path("description").asString())
                .append("\n\n");
        page.append("| field | required | rule | meaning |\n|---|---|---|---|\n");
        for (String[] row : fields("", schema)) {
            page.append("| `")
                    .append(row[0])
                    .append("` | ")
                    .append(row[1])
                    .append(" | ")
                    .append(row[2])
                    .append(" | ")
                    .append(row[3])
                    .append(" |\n");
        }
        page.append("\nExample (structured mode):\n\n```json\n")
                .append(PRETTY.writeValueAsString(ContractExamples.valid(type)))
                .append("\n```\n");
    }

    private static List<String[]> fields(String prefix, JsonNode schema) {
        List<String[]> rows = new ArrayList<>();
        Set<String> required = strings(schema.path("required"));
        schema.path("properties").properties().forEach(p -> {
            String name = prefix + p.getKey();
            JsonNode property = p.getValue();
            rows.add(new String[] {
                name,
                required.contains(p.getKey()) ? "yes" : "no",
                describe(property),
                property.path("description").asString("")
            });
            if (property.has("properties")) {
                rows.addAll(fields(name + ".", property));
            }
            if (property.path("items").has("properties")) {
                rows.addAll(fields(name + "[].", property.get("items")));
            }
        });
        return rows;
    }

    private static String describe(JsonNode property) {
        List<String> parts = new ArrayList<>();
        if (property.has("const")) {
            parts.add("always `" + property.get("const") + "`");
        }
        if (property.has("enum")) {
            parts.add("one of "
                    + StreamSupport.stream(property.get("enum").spliterator(), false)
                            .map(v -> "`" + v.asString() + "`")
                            .collect(Collectors.joining(", ")));
        }
        JsonNode type = property.path("type");
        if (type.isString()) {
            parts.add(type.asString());
        } else if (type.isArray()) {
            parts.add(StreamSupport.stream(type.spliterator(), false)
                    .map(JsonNode::asString)
                    .collect(Collectors.joining(" or ")));
        }
        if (property.has("format")) {
            parts.add("format `" + property.get("format").asString() + "`");
        }
        if (property.has("pattern")) {
            parts.add("pattern `" + property.get("pattern").asString().replace("|", "\\|") + "`");
        }
        if (property.has("minimum")) {
            parts.add(">= " + property.get("minimum"));
        }
        if (property.has("maximum")) {
            parts.add("<= " + property.get("maximum"));
        }
        if (property.has("maxLength")) {
            parts.add("at most " + property.get("maxLength") + " characters");
        }
        return String.join(", ", parts);
    }

    private static Set<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(JsonNode::asString)
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
