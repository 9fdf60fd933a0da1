package io.mianshen.eligibility.policy;

import io.mianshen.policy.FactGroup;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyPack;
import io.mianshen.policy.facts.Period;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The policy versions the service decides with. Starts with the bundled pack, whose examples have all
 * passed; for a period, the version in force is the highest version whose effective dates cover it.
 */
@Component
public class PolicyCatalog {

    private volatile List<Policy> versions;
    /** The newest version of each policy, derived whenever {@link #versions} changes (it is read on every fact). */
    private volatile List<Policy> latest;

    /**
     * Loads the pack from {@code mianshen.policies.directory} when set (a folder of policy files with an
     * {@code index.txt}), else the bundled pack. Either way every embedded example must pass.
     */
    @org.springframework.beans.factory.annotation.Autowired
    public PolicyCatalog(io.mianshen.eligibility.config.EligibilitySettings settings) {
        this(
                settings.policies().directory().isBlank()
                        ? PolicyPack.bundled().policies()
                        : fromDirectory(
                                java.nio.file.Path.of(settings.policies().directory())));
    }

    PolicyCatalog(List<Policy> versions) {
        this.versions = List.copyOf(versions);
        this.latest = newestOfEach(this.versions);
    }

    private static List<Policy> fromDirectory(java.nio.file.Path directory) {
        try (java.util.stream.Stream<String> lines = java.nio.file.Files.lines(directory.resolve("index.txt"))) {
            List<java.nio.file.Path> files = lines.map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(directory::resolve)
                    .toList();
            return PolicyPack.load(files).policies();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the policy pack in " + directory, e);
        }
    }

    /**
     * Adds a version that has passed every check. Thread-safe; the new version decides from the next
     * evaluation on.
     */
    public synchronized void activate(Policy version) {
        if (versions.stream().anyMatch(p -> p.id().equals(version.id()) && p.version() == version.version())) {
            return;
        }
        List<Policy> updated = new java.util.ArrayList<>(versions);
        updated.add(version);
        versions = List.copyOf(updated);
        latest = newestOfEach(versions);
    }

    /** The version {@code version} of {@code policyId}, if known. */
    public Optional<Policy> version(String policyId, int version) {
        return versions.stream()
                .filter(p -> p.id().equals(policyId) && p.version() == version)
                .findFirst();
    }

    /** Every policy version known. */
    public List<Policy> versions() {
        return versions;
    }

    /** The policy ids, in pack order. */
    public List<String> policyIds() {
        return versions.stream().map(Policy::id).distinct().toList();
    }

    /** The version of {@code policyId} that decides {@code period}, if any does. */
    public Optional<Policy> inForce(String policyId, Period period) {
        return versions.stream()
                .filter(p -> p.id().equals(policyId) && p.inForce(period))
                .max(Comparator.comparingInt(Policy::version));
    }

    /** The newest version of each policy. */
    public List<Policy> latest() {
        return latest;
    }

    /** The newest version of {@code policyId}, if the policy is known. */
    public Optional<Policy> latest(String policyId) {
        return latest.stream().filter(p -> p.id().equals(policyId)).findFirst();
    }

    private static List<Policy> newestOfEach(List<Policy> versions) {
        return versions.stream()
                .map(Policy::id)
                .distinct()
                .map(id -> versions.stream()
                        .filter(p -> p.id().equals(id))
                        .max(Comparator.comparingInt(Policy::version))
                        .orElseThrow())
                .toList();
    }

    /**
     * The policies whose outcome a change to {@code changed} can affect, with the other members of their
     * exclusive groups (a group is decided together).
     */
    public Set<String> affectedBy(Collection<FactGroup> changed) {
        Set<String> affected = new LinkedHashSet<>();
        List<Policy> latest = latest();
        for (Policy policy : latest) {
            if (policy.reads().stream().anyMatch(changed::contains)) {
                affected.add(policy.id());
            }
        }
        for (Policy policy : latest) {
            policy.exclusiveGroup().ifPresent(group -> {
                boolean groupAffected = latest.stream()
                        .anyMatch(other -> affected.contains(other.id())
                                && other.exclusiveGroup()
                                        .map(g -> g.id().equals(group.id()))
                                        .orElse(false));
                if (groupAffected) {
                    affected.add(policy.id());
                }
            });
        }
        return affected;
    }
}
