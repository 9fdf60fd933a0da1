package io.mianshen.local;

import io.mianshen.local.services.ServiceDefinition;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docker-compose.yml and the Kubernetes manifests, checked where no Docker engine or cluster exists to run them:
 * every service and the gateway is there, with health checks on actuator, start order on health, memory limits,
 * probes, configuration and secrets, and an autoscaler for the eligibility service.
 */
class DeploymentFilesTest {

    private static final Path ROOT = StackOptions.projectRoot(Path.of(""));

    @Test
    @SuppressWarnings("unchecked")
    void composeRunsEveryServiceWithHealthChecksStartOrderAndMemoryLimits() throws IOException {
        Map<String, Object> compose = load(ROOT.resolve("docker-compose.yml")).get(0);
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");

        assertThat(services).containsKeys("kafka", "postgres");
        assertThat(((Map<String, Object>) services.get("postgres")).get("image")).isEqualTo("postgres:17");
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            assertThat(service.getValue()).as(service.getKey()).containsKeys("healthcheck", "mem_limit");
        }
        for (ServiceDefinition definition : ServiceDefinition.ALL) {
            Map<String, Object> service = services.get(definition.name());
            assertThat(service).as(definition.name()).isNotNull();
            Map<String, Object> build = (Map<String, Object>) service.get("build");
            assertThat(build.get("dockerfile")).isEqualTo("deploy/Dockerfile");
            assertThat(((Map<String, Object>) build.get("args")).get("MODULE")).isEqualTo(definition.module());
            assertThat(((List<String>) ((Map<String, Object>) service.get("healthcheck")).get("test")))
                    .contains("http://localhost:" + definition.port() + "/actuator/health/readiness");
            Map<String, Map<String, String>> dependsOn = (Map<String, Map<String, String>>) service.get("depends_on");
            assertThat(dependsOn.values()).as(definition.name()).isNotEmpty().allSatisfy(condition ->
                    assertThat(condition).containsEntry("condition", "service_healthy"));
        }
        assertThat(Files.readString(ROOT.resolve("deploy/Dockerfile"))).contains("ARG MODULE", "HEALTHCHECK", "USER 10001");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesHasADeploymentWithProbesAndAServiceForEachAndAnAutoscalerForEligibility() throws IOException {
        Path k8s = ROOT.resolve("deploy/k8s");
        Map<String, Object> kustomization = load(k8s.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String resource : (List<String>) kustomization.get("resources")) {
            assertThat(k8s.resolve(resource)).exists();
            documents.addAll(load(k8s.resolve(resource)));
        }
        assertThat(documents).extracting(d -> d.get("kind")).contains("Namespace", "ConfigMap");

        for (ServiceDefinition definition : ServiceDefinition.ALL) {
            Map<String, Object> deployment = find(documents, "Deployment", definition.name());
            Map<String, Object> podSpec = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec"))
                    .get("template")).get("spec");
            Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
            assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "resources", "limits", "memory")).isNotNull();
            assertThat(container.get("envFrom").toString()).contains("mianshen-config", "mianshen-secrets");
            assertThat(find(documents, "Service", definition.name())).isNotNull();
        }
        Map<String, Object> autoscaler = find(documents, "HorizontalPodAutoscaler", "eligibility-service");
        assertThat(path(autoscaler, "spec", "scaleTargetRef", "name")).isEqualTo("eligibility-service");
        assertThat(kustomization.get("secretGenerator").toString()).doesNotContain("JWT_SECRET");
        Map<String, Object> config = find(documents, "ConfigMap", "mianshen-config");
        assertThat((Map<String, Object>) config.get("data")).containsKeys("MIANSHEN_ISSUER_URI", "MIANSHEN_JWKS_URI", "MIANSHEN_TOKEN_AUDIENCE");
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> node, String... keys) {
        Object current = node;
        for (String key : keys) {
            current = current == null ? null : ((Map<String, Object>) current).get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream().filter(d -> kind.equals(d.get("kind")) && name.equals(((Map<String, Object>) d.get("metadata")).get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> load(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Yaml(new LoaderOptions()).loadAll(Files.readString(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }
}
