package io.mianshen.contracts.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The AsyncAPI document the gateway serves is the contract's catalogue, every topic, message and header of it. */
class AsyncApiDocumentTest {

    private static final Path DOCUMENT = Path.of("../..").resolve(AsyncApiDocument.PATH);

    @Test
    void committedDocumentMatchesTheCatalogue() throws IOException {
        String rendered = new AsyncApiDocument(EventContract.load()).render();
        if (Boolean.getBoolean("contracts.page.write")) {
            Files.writeString(DOCUMENT, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(DOCUMENT, StandardCharsets.UTF_8))
                .as(
                        "%s is out of step with the contract; regenerate it as its info.description says",
                        AsyncApiDocument.PATH)
                .isEqualTo(rendered);
    }

    @Test
    void everyTopicIsAChannelWithItsDeadLetterTopicAndEveryTypeAMessageWithItsKeyAndSchema() {
        EventContract contract = EventContract.load();
        JsonNode document = JsonMapper.builder().build().readTree(new AsyncApiDocument(contract).render());
        assertThat(document.get("asyncapi").asString()).isEqualTo("3.0.0");
        for (EventTopic topic : contract.topics()) {
            JsonNode channel = document.get("channels").get(topic.name());
            assertThat(channel.get("address").asString()).isEqualTo(topic.name());
            assertThat(channel.get("messages").propertyNames()).containsExactlyInAnyOrderElementsOf(topic.types());
            assertThat(document.get("channels")
                            .get(topic.deadLetterTopic())
                            .get("messages")
                            .has("rejected"))
                    .isTrue();
            assertThat(document.get("operations")
                            .get("send-" + topic.name())
                            .get("action")
                            .asString())
                    .isEqualTo("send");
            for (String type : topic.types()) {
                JsonNode message = document.get("components").get("messages").get(type);
                assertThat(message.get("bindings")
                                .get("kafka")
                                .get("key")
                                .get("description")
                                .asString())
                        .contains("USCC");
                assertThat(message.get("payload").get("schema").toString()).contains("#/components/schemas/" + type);
                assertThat(document.get("components").get("schemas").get(type).get("properties"))
                        .isEqualTo(contract.schema(type).get("properties"));
            }
        }
        assertThat(document.get("components")
                        .get("messages")
                        .get("rejected")
                        .get("headers")
                        .get("properties")
                        .has("mianshen-dlt-reason"))
                .isTrue();
    }
}
