package io.mianshen.contracts.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.EventContract;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ContractPageTest {

    private static final Path PAGE = Path.of("../..").resolve(ContractPage.PATH);

    @Test
    void committedPageMatchesTheSchemas() throws IOException {
        String rendered = new ContractPage(EventContract.load()).render();
        if (Boolean.getBoolean("contracts.page.write")) {
            Files.writeString(PAGE, rendered, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(PAGE, StandardCharsets.UTF_8))
                .as("%s is out of step with the schemas; regenerate it as its header says", ContractPage.PATH)
                .isEqualTo(rendered);
    }

    @Test
    void pageDocumentsEveryTypeWithItsFieldsAndTheDeadLetterHeaders() {
        EventContract contract = EventContract.load();
        String rendered = new ContractPage(contract).render();
        for (String type : contract.types()) {
            assertThat(rendered).contains("### `" + type + "`");
            contract.schema(type)
                    .path("properties")
                    .propertyNames()
                    .forEach(field -> assertThat(rendered).contains("| `" + field + "` |"));
        }
        assertThat(rendered)
                .contains(
                        "`mianshen-dlt-reason`", "`tax.filings.v1.dlt`", "content-type: application/cloudevents+json");
    }
}
