package io.mianshen.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.mianshen.contracts.EventContract;
import io.mianshen.local.infra.KafkaPrincipals;
import io.mianshen.local.services.ServiceDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

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
        assertThat(((Map<String, Object>) services.get("postgres")).get("image"))
                .isEqualTo("postgres:17");
        for (Map.Entry<String, Map<String, Object>> service : services.entrySet()) {
            // a one-shot job (kafka-setup) runs to completion instead of answering a health check
            boolean job = "no".equals(service.getValue().get("restart"));
            assertThat(service.getValue())
                    .as(service.getKey())
                    .containsKeys(job ? new String[] {"mem_limit"} : new String[] {"healthcheck", "mem_limit"});
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
            // start order on health, or on a one-shot job's success (kafka-setup: topics, users and ACLs)
            assertThat(dependsOn.values())
                    .as(definition.name())
                    .isNotEmpty()
                    .allSatisfy(condition -> assertThat(condition.get("condition"))
                            .isIn("service_healthy", "service_completed_successfully"));
        }
        Map<String, Object> console = services.get("console");
        assertThat(((List<String>) ((Map<String, Object>) console.get("healthcheck")).get("test")))
                .as("the console answers under /console")
                .contains("http://localhost:8085/console/actuator/health/readiness");
        assertThat(((Map<String, Object>) services.get("gateway").get("environment")).get("CONSOLE_SERVICE_URL"))
                .isEqualTo("http://console:8085");
        assertThat(Files.readString(ROOT.resolve("deploy/Dockerfile")))
                .contains("ARG MODULE", "HEALTHCHECK", "USER 10001");
    }

    @Test
    @SuppressWarnings("unchecked")
    void kubernetesHasADeploymentWithProbesAndAServiceForEachAndAnAutoscalerForEligibility() throws IOException {
        Path k8s = ROOT.resolve("deploy/k8s");
        Map<String, Object> kustomization =
                load(k8s.resolve("kustomization.yaml")).get(0);
        List<Map<String, Object>> documents = new ArrayList<>();
        for (String resource : (List<String>) kustomization.get("resources")) {
            assertThat(k8s.resolve(resource)).exists();
            documents.addAll(load(k8s.resolve(resource)));
        }
        assertThat(documents).extracting(d -> d.get("kind")).contains("Namespace", "ConfigMap");

        for (ServiceDefinition definition : ServiceDefinition.ALL) {
            Map<String, Object> deployment = find(documents, "Deployment", definition.name());
            Map<String, Object> podSpec = (Map<String, Object>)
                    ((Map<String, Object>) ((Map<String, Object>) deployment.get("spec")).get("template")).get("spec");
            Map<String, Object> container = ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
            assertThat(path(container, "readinessProbe", "httpGet", "path")).isEqualTo("/actuator/health/readiness");
            assertThat(path(container, "livenessProbe", "httpGet", "path")).isEqualTo("/actuator/health/liveness");
            assertThat(path(container, "resources", "limits", "memory")).isNotNull();
            assertThat(container.get("envFrom").toString()).contains("mianshen-config", "mianshen-secrets");
            assertThat(find(documents, "Service", definition.name())).isNotNull();
        }
        Map<String, Object> consoleDeployment = find(documents, "Deployment", "console");
        Map<String, Object> consoleContainer = ((List<Map<String, Object>>) ((Map<String, Object>)
                                ((Map<String, Object>)
                                                ((Map<String, Object>) consoleDeployment.get("spec")).get("template"))
                                        .get("spec"))
                        .get("containers"))
                .get(0);
        assertThat(path(consoleContainer, "readinessProbe", "httpGet", "path"))
                .isEqualTo("/console/actuator/health/readiness");
        assertThat(find(documents, "Service", "console")).isNotNull();
        Map<String, Object> autoscaler = find(documents, "HorizontalPodAutoscaler", "eligibility-service");
        assertThat(path(autoscaler, "spec", "scaleTargetRef", "name")).isEqualTo("eligibility-service");
        assertThat(kustomization.get("secretGenerator").toString()).doesNotContain("JWT_SECRET");
        Map<String, Object> config = find(documents, "ConfigMap", "mianshen-config");
        assertThat((Map<String, Object>) config.get("data"))
                .containsKeys("MIANSHEN_ISSUER_URI", "MIANSHEN_JWKS_URI", "MIANSHEN_TOKEN_AUDIENCE");
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeAndKubernetesGrantExactlyTheLocalBrokersKafkaAcls() throws IOException {
        Set<String> expected = KafkaPrincipals.grants(EventContract.load()).stream()
                .map(grant -> String.join(
                        " ",
                        grant.principal(),
                        grant.resource().name(),
                        grant.name(),
                        grant.pattern().name(),
                        grant.operation().name()))
                .collect(Collectors.toSet());

        Set<String> strimzi = new HashSet<>();
        for (Map<String, Object> user : load(ROOT.resolve("deploy/k8s/kafka-users.yaml"))) {
            assertThat(user.get("kind")).isEqualTo("KafkaUser");
            String principal = (String) path(user, "metadata", "name");
            assertThat(path(user, "spec", "authentication", "type"))
                    .as(principal)
                    .isEqualTo("scram-sha-512");
            for (Map<String, Object> acl : (List<Map<String, Object>>) path(user, "spec", "authorization", "acls")) {
                for (String operation : (List<String>) acl.get("operations")) {
                    strimzi.add(String.join(
                            " ",
                            principal,
                            upper(path(acl, "resource", "type")),
                            (String) path(acl, "resource", "name"),
                            "prefix".equals(path(acl, "resource", "patternType"))
                                    ? "PREFIXED"
                                    : upper(path(acl, "resource", "patternType")),
                            upper(operation)));
                }
            }
        }
        assertThat(strimzi).isEqualTo(expected);

        String script = Files.readString(ROOT.resolve("deploy/compose/kafka-setup.sh"));
        String table = script.substring(
                script.indexOf("<<'GRANTS'\n") + "<<'GRANTS'\n".length(), script.indexOf("\nGRANTS\n"));
        Set<String> compose = table.lines()
                .map(line -> List.of(line.trim().split("\\s+")))
                .map(f -> String.join(" ", f.get(0), upper(f.get(1)), f.get(2), upper(f.get(3)), upper(f.get(4))))
                .collect(Collectors.toSet());
        assertThat(compose).isEqualTo(expected);

        // each service logs in as itself: compose with its password from .env, Kubernetes with the secret of its
        // KafkaUser
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>)
                load(ROOT.resolve("docker-compose.yml")).get(0).get("services");
        List<Map<String, Object>> k8s = new ArrayList<>();
        for (String file : List.of(
                "eligibility-service.yaml", "notification-service.yaml", "audit-service.yaml", "intake-service.yaml")) {
            k8s.addAll(load(ROOT.resolve("deploy/k8s").resolve(file)));
        }
        for (String service :
                List.of("eligibility-service", "notification-service", "audit-service", "intake-service")) {
            assertThat(KafkaPrincipals.principals()).contains(service);
            assertThat(path(services.get(service), "environment", "KAFKA_SASL_JAAS_CONFIG")
                            .toString())
                    .contains("username=\"" + service + "\"")
                    .contains("?put it in .env");
            Map<String, Object> container = ((List<Map<String, Object>>)
                            path(find(k8s, "Deployment", service), "spec", "template", "spec", "containers"))
                    .get(0);
            Map<String, Object> login = ((List<Map<String, Object>>) container.get("env"))
                    .stream()
                            .filter(variable -> "KAFKA_SASL_JAAS_CONFIG".equals(variable.get("name")))
                            .findFirst()
                            .orElseThrow();
            assertThat(path(login, "valueFrom", "secretKeyRef", "name")).isEqualTo(service);
            assertThat(path(login, "valueFrom", "secretKeyRef", "key")).isEqualTo("sasl.jaas.config");
        }
        assertThat(services.get("kafka").get("environment").toString())
                .contains("KAFKA_ALLOW_EVERYONE_IF_NO_ACL_FOUND=false", "KAFKA_SUPER_USERS=User:admin")
                .doesNotContain("PLAINTEXT_HOST", ":PLAINTEXT");
    }

    private static String upper(Object value) {
        return value.toString().toUpperCase(Locale.ROOT);
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
        return documents.stream()
                .filter(d -> kind.equals(d.get("kind"))
                        && name.equals(((Map<String, Object>) d.get("metadata")).get("name")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
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
