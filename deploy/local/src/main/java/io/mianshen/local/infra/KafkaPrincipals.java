package io.mianshen.local.infra;

import io.mianshen.contracts.EventContract;
import io.mianshen.contracts.EventTopic;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Who may use which topic and consumer group on Mianshen's Kafka: the access-control list the local broker
 * enforces, and the one {@code deploy/k8s/kafka-users.yaml} grants (a test keeps them equal). Nothing is allowed
 * that is not listed here; {@link #ADMIN} alone, the launcher's own principal, creates topics, users and ACLs.
 * <ul>
 *   <li>a feed writes its fact topic only ({@code feed-tax}, {@code feed-market}, {@code feed-sci}); {@link #FEEDS},
 *       the local stack's replay and load generator, and {@code intake-service} write every fact topic;</li>
 *   <li>each service reads the topics it consumes under its own consumer group (a prefix, so that a second group
 *       of the same service is allowed) and writes their dead-letter topics and the one topic whose events name it
 *       as their {@code source}: only {@code eligibility-service} writes {@code benefit.decisions.v1}, only
 *       {@code notification-service} writes {@code notices.v1};</li>
 *   <li>{@link #OBSERVER} reads every topic and sees every group's offsets, and writes nothing: the launcher's
 *       summary, the stack's tests, and a developer's {@code kcat -C}.</li>
 * </ul>
 */
public final class KafkaPrincipals {

    /** The superuser (SASL/PLAIN, configured in the broker itself): topics, SCRAM users and ACLs. */
    public static final String ADMIN = "admin";
    /** Writes every fact topic: the demo replay, the load generator and a developer's {@code kcat -P}. */
    public static final String FEEDS = "feeds";
    /** Reads everything, writes nothing. */
    public static final String OBSERVER = "observer";

    /** Each feed's principal and the fact topic it alone (with intake) writes. */
    static final Map<String, String> FEED_TOPICS = Map.of(
            "feed-market", "enterprise.registry.v1",
            "feed-tax", "tax.filings.v1",
            "feed-sci", "sci.certifications.v1");

    /** The topics each service consumes. */
    static final Map<String, List<String>> SERVICE_READS = Map.of(
            "eligibility-service",
                    List.of(
                            "enterprise.registry.v1",
                            "tax.filings.v1",
                            "sci.certifications.v1",
                            "notices.v1",
                            "benefit.publicity.v1"),
            "notification-service", List.of("enterprise.registry.v1", "benefit.decisions.v1", "benefit.publicity.v1"),
            "audit-service", List.of("benefit.decisions.v1", "notices.v1", "benefit.publicity.v1"));

    private KafkaPrincipals() {}

    /**
     * One permission: {@code principal} may do {@code operation} on the topic or group {@code name}
     * ({@code pattern} {@link PatternType#LITERAL}, {@code *} for all, or {@link PatternType#PREFIXED}).
     */
    public record Grant(
            String principal, ResourceType resource, String name, PatternType pattern, AclOperation operation) {

        /** The Kafka ACL binding that allows this, from any host. */
        public AclBinding binding() {
            return new AclBinding(
                    new ResourcePattern(resource, name, pattern),
                    new AccessControlEntry("User:" + principal, "*", operation, AclPermissionType.ALLOW));
        }
    }

    /** Every principal but {@link #ADMIN}, each of which gets a SCRAM credential. */
    public static List<String> principals() {
        return Bundled.PRINCIPALS;
    }

    /** The principals of the bundled contract, read once, when first asked for. */
    private static final class Bundled {
        static final List<String> PRINCIPALS =
                List.copyOf(grantsByPrincipal(EventContract.load()).keySet());
    }

    /** Every grant, derived from the contract's catalogue of topics (which topics are facts, which service writes which). */
    public static List<Grant> grants(EventContract contract) {
        return grantsByPrincipal(contract).values().stream()
                .flatMap(List::stream)
                .toList();
    }

    /** The grants of each principal, in a stable order. */
    public static Map<String, List<Grant>> grantsByPrincipal(EventContract contract) {
        List<String> factTopics = contract.topics().stream()
                .filter(topic -> topic.source() == null)
                .map(EventTopic::name)
                .toList();
        if (!factTopics.containsAll(FEED_TOPICS.values())
                || !FEED_TOPICS.values().containsAll(factTopics)) {
            throw new IllegalStateException(
                    "the contract's fact topics " + factTopics + " are not the feeds' " + FEED_TOPICS.values());
        }
        Map<String, List<Grant>> grants = new LinkedHashMap<>();
        factTopics.forEach(topic -> write(grants, FEEDS, topic));
        FEED_TOPICS.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(feed -> write(grants, feed.getKey(), feed.getValue()));
        factTopics.forEach(topic -> write(grants, "intake-service", topic));
        for (String service : List.of("eligibility-service", "notification-service", "audit-service")) {
            for (String topic : SERVICE_READS.get(service)) {
                grant(grants, service, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ);
                write(grants, service, contract.topic(topic).orElseThrow().deadLetterTopic());
            }
            contract.topics().stream()
                    .filter(topic -> topic.source() != null && writer(topic).equals(service))
                    .forEach(topic -> write(grants, service, topic.name()));
            grant(grants, service, ResourceType.GROUP, service, PatternType.PREFIXED, AclOperation.READ);
        }
        grant(grants, OBSERVER, ResourceType.TOPIC, "*", PatternType.LITERAL, AclOperation.READ);
        grant(grants, OBSERVER, ResourceType.GROUP, "*", PatternType.LITERAL, AclOperation.DESCRIBE);
        grant(grants, OBSERVER, ResourceType.GROUP, OBSERVER, PatternType.PREFIXED, AclOperation.READ);
        return grants;
    }

    /** The service whose events on {@code topic} name it as their source: {@code /services/eligibility} is eligibility-service. */
    static String writer(EventTopic topic) {
        return topic.source().substring(topic.source().lastIndexOf('/') + 1) + "-service";
    }

    private static void write(Map<String, List<Grant>> grants, String principal, String topic) {
        grant(grants, principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE);
    }

    private static void grant(
            Map<String, List<Grant>> grants,
            String principal,
            ResourceType resource,
            String name,
            PatternType pattern,
            AclOperation operation) {
        grants.computeIfAbsent(principal, key -> new ArrayList<>())
                .add(new Grant(principal, resource, name, pattern, operation));
    }
}
