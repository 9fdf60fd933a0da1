package io.mianshen.eligibility.policy;

import io.mianshen.eligibility.config.EligibilitySettings;
import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyPack;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;

/**
 * Policy versions published through the administration API, stored as their YAML. Each instance loads
 * them into its {@link PolicyCatalog} at start and every few seconds, so that every instance decides
 * with every published version.
 */
@Component
public class PolicyVersions implements SchedulingConfigurer {

    /**
     * A stored version.
     *
     * @param policyId    the policy
     * @param version     the version
     * @param fileName    the file name it was published as
     * @param yaml        the file
     * @param publishedBy who published it (the token's subject)
     */
    public record Stored(String policyId, int version, String fileName, String yaml, String publishedBy) {}

    private final JdbcClient jdbc;
    private final PolicyCatalog catalog;
    private final java.time.Duration refreshInterval;

    PolicyVersions(JdbcClient jdbc, PolicyCatalog catalog, EligibilitySettings settings) {
        this.jdbc = jdbc;
        this.catalog = catalog;
        this.refreshInterval = settings.policies().refreshInterval();
        refresh();
    }

    /** Looks for versions another instance published every {@code mianshen.policies.refresh-interval}. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::refresh, refreshInterval);
    }

    /** Stores a version; {@code false} when that version of that policy exists already. */
    public boolean store(Policy policy, String yaml, String publishedBy) {
        return jdbc.sql("""
                        INSERT INTO policy_version (policy_id, version, file_name, yaml, published_by) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (policy_id, version) DO NOTHING""")
                        .params(policy.id(), policy.version(), policy.file(), yaml, publishedBy)
                        .update()
                == 1;
    }

    public Optional<Stored> find(String policyId, int version) {
        return jdbc.sql("SELECT * FROM policy_version WHERE policy_id = ? AND version = ?")
                .params(policyId, version)
                .query((rs, n) -> new Stored(
                        rs.getString("policy_id"),
                        rs.getInt("version"),
                        rs.getString("file_name"),
                        rs.getString("yaml"),
                        rs.getString("published_by")))
                .optional();
    }

    /** Loads stored versions this instance does not know yet (their examples passed when they were published). */
    void refresh() {
        List<Stored> stored = jdbc.sql("SELECT * FROM policy_version ORDER BY policy_id, version")
                .query((rs, n) -> new Stored(
                        rs.getString("policy_id"),
                        rs.getInt("version"),
                        rs.getString("file_name"),
                        rs.getString("yaml"),
                        rs.getString("published_by")))
                .list();
        for (Stored version : stored) {
            if (catalog.version(version.policyId(), version.version()).isEmpty()) {
                Map<String, String> files = new LinkedHashMap<>();
                files.put(version.fileName(), version.yaml());
                PolicyPack.loadUntested(files).policies().forEach(catalog::activate);
            }
        }
    }
}
