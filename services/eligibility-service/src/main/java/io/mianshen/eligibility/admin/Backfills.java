package io.mianshen.eligibility.admin;

import io.mianshen.eligibility.decision.DecisionService;
import io.mianshen.eligibility.facts.FactStore;
import io.mianshen.policy.FactGroup;
import io.mianshen.policy.Policy;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-decides every known enterprise after a policy version goes live: on a thread of its own, one
 * enterprise per transaction, so that the live stream is never stalled behind it; progress is stored and
 * readable. An enterprise the stream is deciding at the same moment waits on its lock, never races it.
 */
@Component
public class Backfills {

    /** Enterprises re-decided per transaction. */
    static final int BATCH = 100;

    private static final Logger log = LoggerFactory.getLogger(Backfills.class);

    /**
     * Progress of a backfill.
     *
     * @param backfillId its id
     * @param policyId   the policy
     * @param version    the version that went live
     * @param total      enterprises to re-decide
     * @param done       enterprises re-decided
     * @param failed     enterprises that failed (logged; the stream decides them on their next event)
     * @param startedAt  when it started
     * @param finishedAt when it finished, or {@code null} while running
     */
    public record Progress(
            UUID backfillId,
            String policyId,
            int version,
            int total,
            int done,
            int failed,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt) {}

    private final JdbcClient jdbc;
    private final FactStore facts;
    private final DecisionService decisions;
    private final TransactionTemplate transactions;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "mianshen-backfill"));

    Backfills(JdbcClient jdbc, FactStore facts, DecisionService decisions, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.decisions = decisions;
        this.transactions = transactions;
    }

    /** Starts re-deciding every known enterprise for {@code policy}; returns at once. */
    public UUID start(Policy policy) {
        UUID id = UUID.randomUUID();
        List<String> enterprises = facts.enterprises();
        jdbc.sql("INSERT INTO backfill (backfill_id, policy_id, version, total) VALUES (?, ?, ?, ?)")
                .params(id, policy.id(), policy.version(), enterprises.size())
                .update();
        executor.submit(() -> run(id, policy, enterprises));
        return id;
    }

    public Optional<Progress> progress(UUID id) {
        return jdbc.sql("SELECT * FROM backfill WHERE backfill_id = ?")
                .param(id)
                .query((rs, n) -> new Progress(
                        rs.getObject("backfill_id", UUID.class),
                        rs.getString("policy_id"),
                        rs.getInt("version"),
                        rs.getInt("total"),
                        rs.getInt("done"),
                        rs.getInt("failed"),
                        rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class)))
                .optional();
    }

    /**
     * Re-decides the enterprises {@link #BATCH} at a time, one short transaction each, so the live stream
     * keeps its turn on every enterprise lock; a batch that fails is retried one enterprise at a time so
     * that only the enterprise at fault is counted as failed.
     */
    private void run(UUID id, Policy policy, List<String> enterprises) {
        for (int from = 0; from < enterprises.size(); from += BATCH) {
            List<String> batch = enterprises.subList(from, Math.min(enterprises.size(), from + BATCH));
            try {
                transactions.executeWithoutResult(status -> decisions.reconsider(all(batch, policy)));
                jdbc.sql("UPDATE backfill SET done = done + ? WHERE backfill_id = ?")
                        .params(batch.size(), id)
                        .update();
            } catch (RuntimeException batchFailed) {
                batch.forEach(uscc -> runOne(id, policy, uscc));
            }
        }
        jdbc.sql("UPDATE backfill SET finished_at = now() WHERE backfill_id = ?")
                .param(id)
                .update();
    }

    private void runOne(UUID id, Policy policy, String uscc) {
        try {
            transactions.executeWithoutResult(status -> decisions.reconsider(uscc, policy.reads()));
            jdbc.sql("UPDATE backfill SET done = done + 1 WHERE backfill_id = ?")
                    .param(id)
                    .update();
        } catch (RuntimeException e) {
            log.warn("backfill {} could not re-decide {}: {}", id, uscc, e.getMessage());
            jdbc.sql("UPDATE backfill SET failed = failed + 1 WHERE backfill_id = ?")
                    .param(id)
                    .update();
        }
    }

    private static Map<String, Set<FactGroup>> all(List<String> usccs, Policy policy) {
        Map<String, Set<FactGroup>> changed = new LinkedHashMap<>();
        usccs.forEach(uscc -> changed.put(uscc, policy.reads()));
        return changed;
    }
}
