package io.mianshen.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TestInfrastructureTest {

    @Test
    void embeddedIsTheDefaultWhereNoDockerEngineAnswers() {
        assertThat(TestInfrastructure.chooseMode(null, () -> false)).isEqualTo(InfrastructureMode.EMBEDDED);
    }

    @Test
    void containersAreChosenAutomaticallyWhereDockerAnswers() {
        assertThat(TestInfrastructure.chooseMode(null, () -> true)).isEqualTo(InfrastructureMode.CONTAINERS);
    }

    @Test
    void theSystemPropertyWinsOverDetection() {
        assertThat(TestInfrastructure.chooseMode("embedded", () -> true)).isEqualTo(InfrastructureMode.EMBEDDED);
        assertThat(TestInfrastructure.chooseMode("EXTERNAL", () -> false)).isEqualTo(InfrastructureMode.EXTERNAL);
    }

    @Test
    void anUnknownModeIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> TestInfrastructure.chooseMode("docker", () -> false))
                .hasMessageContaining("mianshen.infra=docker")
                .hasMessageContaining("embedded, containers, external");
    }

    @Test
    void pointsAJdbcUrlAtAnotherDatabaseKeepingItsParameters() {
        assertThat(TestInfrastructure.withDatabase(
                        "jdbc:postgresql://localhost:5432/postgres?user=postgres", "eligibility"))
                .isEqualTo("jdbc:postgresql://localhost:5432/eligibility?user=postgres");
        assertThat(TestInfrastructure.withDatabase("jdbc:postgresql://db:5432/test", "audit"))
                .isEqualTo("jdbc:postgresql://db:5432/audit");
    }

    @Test
    void externalModeNamesTheMissingVariable() {
        assertThatThrownBy(() -> new ExternalInfrastructure(java.util.Map.of()))
                .hasMessageContaining("MIANSHEN_KAFKA_BOOTSTRAP_SERVERS");
    }
}
