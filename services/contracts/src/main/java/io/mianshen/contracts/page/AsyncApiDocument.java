package io.mianshen.contracts.page;

import io.mianshen.contracts.CloudEventForms;
import io.mianshen.contracts.DeadLetterHeaders;
import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The event contract as an AsyncAPI 3.0 document: every topic (and its dead-letter topic) as a channel, every event
 * type as a message with its record key, headers and JSON Schema (the CloudEvents envelope with the type's data
 * schema), and who sends to each topic. Rendered from the contract's catalogue; the gateway serves the committed copy
 * at {@code /asyncapi.json}, and a test fails when it drifts from the catalogue, as the feed page's does.
 */
public final class AsyncApiDocument {

    /** Where the committed copy lives, from the project root: the gateway serves it. */
    public static final String PATH = "gateway/src/main/resources/static/asyncapi.json";

    private static final JsonMapper JSON =
            JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();
    private static final String SCHEMA_FORMAT = "application/schema+json;version=draft-2020-12";

    private final EventContract contract;

    public AsyncApiDocument(EventContract contract) {
        this.contract = contract;
    }

    /** Writes the document to {@code args[0]} (default {@value #PATH}). */
    public static void main(String[] args) throws IOException {
        Path target = Path.of(args.length > 0 ? args[0] : PATH);
        Files.writeString(target, new AsyncApiDocument(EventContract.load()).render(), StandardCharsets.UTF_8);
    }

    /** The document, as indented JSON ending in a newline. */
    public String render() {
        ObjectNode document = JSON.createObjectNode();
        document.put("asyncapi", "3.0.0");
        ObjectNode info = document.putObject("info");
        info.put("title", "Mianshen events");
        info.put("version", "1");
        info.put(
                "description",
                "Every Kafka topic of Mianshen (免申即享), its event types (CloudEvents 1.0, structured or binary mode"
                        + " of the Kafka protocol binding), record keys and headers. Rendered from services/contracts; the feed operators' page is"
                        + " docs/feed-contract.md. Do not edit by hand: regenerate with ./mvnw -q -pl services/contracts test"
                        + " -Dtest=AsyncApiDocumentTest -Dcontracts.page.write=true");
        ObjectNode servers = document.putObject("servers");
        ObjectNode local = servers.putObject("local");
        local.put("host", "localhost:9092");
        local.put("protocol", "kafka");
        local.put("description", "the local stack's broker (deploy/local/run): SASL/SCRAM-SHA-512, ACLs per principal");
        local.putArray("security").addObject().put("$ref", "#/components/securitySchemes/scram");

        ObjectNode channels = document.putObject("channels");
        ObjectNode operations = document.putObject("operations");
        ObjectNode components = document.putObject("components");
        ObjectNode messages = components.putObject("messages");
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("CloudEvent", withoutIds(contract.envelopeSchema()));
        ObjectNode scram = components.putObject("securitySchemes").putObject("scram");
        scram.put("type", "scramSha512");
        scram.put(
                "description",
                "each service, feed and tool logs in as itself; the broker's ACLs allow only its own topics");

        for (EventTopic topic : contract.topics()) {
            ObjectNode channel = channels.putObject(topic.name());
            channel.put("address", topic.name());
            channel.put(
                    "description",
                    "written by " + topic.writtenBy()
                            + (topic.source() == null
                                    ? " (each feed with its own source)"
                                    : " (source " + topic.source() + ")")
                            + "; keyed by the enterprise's USCC, so that one enterprise's events keep their order");
            ObjectNode channelMessages = channel.putObject("messages");
            ObjectNode send = operations.putObject("send-" + topic.name());
            send.put("action", "send");
            send.putObject("channel").put("$ref", "#/channels/" + topic.name());
            send.put("summary", topic.writtenBy() + " publishes to " + topic.name());
            var sent = send.putArray("messages");
            for (String type : topic.types()) {
                channelMessages.putObject(type).put("$ref", "#/components/messages/" + type);
                sent.addObject().put("$ref", "#/channels/" + topic.name() + "/messages/" + type);
                schemas.set(type, withoutIds(contract.schema(type)));
                messages.set(type, message(type));
            }
            ObjectNode deadLetters = channels.putObject(topic.deadLetterTopic());
            deadLetters.put("address", topic.deadLetterTopic());
            deadLetters.put(
                    "description",
                    "what a consumer of " + topic.name() + " could not take: the record unchanged, with headers naming"
                            + " the reason, the consumer and where it came from");
            deadLetters.putObject("messages").putObject("rejected").put("$ref", "#/components/messages/rejected");
        }
        messages.set("rejected", rejected());
        return JSON.writeValueAsString(document) + "\n";
    }

    private ObjectNode message(String type) {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", type);
        message.put("title", type);
        message.put("summary", contract.schema(type).path("description").asString(""));
        message.put("contentType", CloudEventForms.STRUCTURED_CONTENT_TYPE);
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ObjectNode contentType = headers.putObject("properties").putObject("content-type");
        contentType.put("type", "string");
        contentType.put(
                "description",
                "application/cloudevents+json (structured mode); in binary mode the attributes are ce_* headers"
                        + " and content-type is the data's (application/json)");
        ObjectNode payload = message.putObject("payload");
        payload.put("schemaFormat", SCHEMA_FORMAT);
        ObjectNode schema = payload.putObject("schema");
        var allOf = schema.putArray("allOf");
        allOf.addObject().put("$ref", "#/components/schemas/CloudEvent");
        ObjectNode typed = allOf.addObject();
        typed.putObject("properties").putObject("type").put("const", type);
        typed.withObject("properties").putObject("data").put("$ref", "#/components/schemas/" + type);
        ObjectNode key = message.putObject("bindings").putObject("kafka");
        key.putObject("key")
                .put("type", "string")
                .put("description", "the enterprise's USCC (统一社会信用代码), equal to the event's subject");
        key.put("bindingVersion", "0.5.0");
        return message;
    }

    private static ObjectNode rejected() {
        ObjectNode message = JSON.createObjectNode();
        message.put("name", "rejected");
        message.put("title", "a dead-lettered record");
        message.put("summary", "the record as it arrived, value and key unchanged");
        ObjectNode headers = message.putObject("headers");
        headers.put("type", "object");
        ObjectNode properties = headers.putObject("properties");
        properties
                .putObject(DeadLetterHeaders.REASON)
                .put("type", "string")
                .put("description", "every violation, one per line, with its JSON Pointer and rule");
        properties
                .putObject(DeadLetterHeaders.RULE)
                .put("type", "string")
                .put("description", "every violation's rule, each once, comma-separated");
        properties
                .putObject(DeadLetterHeaders.POINTER)
                .put("type", "string")
                .put("description", "every violation's JSON Pointer, comma-separated");
        properties
                .putObject(DeadLetterHeaders.CONSUMER)
                .put("type", "string")
                .put("description", "the service and consumer group that refused it");
        properties
                .putObject(DeadLetterHeaders.ORIGINAL_TOPIC)
                .put("type", "string")
                .put("description", "the topic it came from");
        properties
                .putObject(DeadLetterHeaders.ORIGINAL_PARTITION)
                .put("type", "string")
                .put("description", "its partition (4 bytes, big-endian)");
        properties
                .putObject(DeadLetterHeaders.ORIGINAL_OFFSET)
                .put("type", "string")
                .put("description", "its offset (8 bytes, big-endian)");
        message.putObject("payload").put("description", "the original value, unchanged (it may not be JSON at all)");
        return message;
    }

    /** A schema without {@code $schema} and {@code $id}, which AsyncAPI's components do not take. */
    private static JsonNode withoutIds(JsonNode schema) {
        ObjectNode copy = (ObjectNode) schema.deepCopy();
        copy.remove("$schema");
        copy.remove("$id");
        return copy;
    }
}
