package io.mianshen.eligibility.admin;

import io.mianshen.eligibility.policy.PolicyCatalog;
import io.mianshen.eligibility.policy.PolicyVersions;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.PolicyRejectedException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Publishing a policy version: it must load with no problem and pass every embedded example (together
 * with the versions in force of the other policies, for its exclusive group); then it is stored, goes
 * live on every instance, and a backfill re-decides every known enterprise.
 */
@Service
public class PolicyAdministration {

    /**
     * A published version and its backfill.
     *
     * @param policy     the version
     * @param backfillId the backfill started for it
     */
    public record Published(Policy policy, UUID backfillId) {}

    /** The version exists already: a published version never changes. */
    public static final class VersionExists extends RuntimeException {
        public VersionExists(Policy policy) {
            super(policy.id() + " version " + policy.version() + " is already published; publish a new version");
        }
    }

    private final PolicyCatalog catalog;
    private final PolicyVersions versions;
    private final Backfills backfills;

    PolicyAdministration(PolicyCatalog catalog, PolicyVersions versions, Backfills backfills) {
        this.catalog = catalog;
        this.versions = versions;
        this.backfills = backfills;
    }

    /**
     * Checks, stores and activates a policy file.
     *
     * @throws PolicyRejectedException with every problem, when it does not load or an example fails
     * @throws VersionExists           when that version is already known
     */
    public Published publish(String fileName, String yaml, String publishedBy) {
        Policy candidate =
                PolicyPack.loadUntested(Map.of(fileName, yaml)).policies().get(0);
        if (catalog.version(candidate.id(), candidate.version()).isPresent()) {
            throw new VersionExists(candidate);
        }
        Map<String, String> withOthers = new LinkedHashMap<>();
        withOthers.put(fileName, yaml);
        Policy checked = PolicyPack.load(withOthers, othersOf(candidate))
                .policy(candidate.id())
                .orElseThrow();
        if (!versions.store(checked, yaml, publishedBy)) {
            throw new VersionExists(checked);
        }
        catalog.activate(checked);
        return new Published(checked, backfills.start(checked));
    }

    private List<Policy> othersOf(Policy candidate) {
        return catalog.latest().stream()
                .filter(p -> !p.id().equals(candidate.id()))
                .toList();
    }
}
