package io.mianshen.eligibility.decision;

import io.mianshen.policy.FactGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The enterprises waiting to be re-decided, one row per change with the kinds of fact that changed:
 * appended in the transaction that stores the facts, taken by a decider in the transaction that writes
 * the decisions.
 */
@Repository
class PendingDecisions {

    private final JdbcClient jdbc;

    PendingDecisions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Rows taken from the queue, locked until the taker's transaction ends.
     *
     * @param changed the enterprises and the kinds of fact that changed for each (all their rows together)
     * @param rows    the rows, to delete once decided
     * @param traceparents the trace context of each enterprise's latest row that has one
     */
    record Taken(Map<String, Set<FactGroup>> changed, List<Long> rows, Map<String, String> traceparents) {

        boolean isEmpty() {
            return rows.isEmpty();
        }
    }

    /** Appends one row per enterprise, with the trace context of its change, with one statement. */
    void add(Map<String, ? extends Collection<FactGroup>> changed, Map<String, String> traceparents) {
        if (changed.isEmpty()) {
            return;
        }
        List<String> usccs = List.copyOf(changed.keySet());
        String[] groups = usccs.stream()
                .map(uscc -> String.join(
                        ",",
                        changed.get(uscc).stream().map(FactGroup::name).sorted().toList()))
                .toArray(String[]::new);
        jdbc.sql("""
                        INSERT INTO pending_decision (uscc, fact_groups, traceparent)
                        SELECT uscc, string_to_array(groups, ','), traceparent
                        FROM unnest(CAST(? AS text[]), CAST(? AS text[]), CAST(? AS text[])) WITH ORDINALITY AS changed(uscc, groups, traceparent, n)
                        ORDER BY n""")
                .params(
                        usccs.toArray(String[]::new),
                        groups,
                        usccs.stream().map(traceparents::get).toArray(String[]::new))
                .update();
    }

    /**
     * Takes the enterprises of the {@code limit} oldest ready rows, with every row of theirs that is
     * committed by now; rows another decider holds are skipped, not waited for.
     */
    Taken take(int limit) {
        String[] usccs = jdbc.sql("""
                        SELECT DISTINCT uscc FROM (
                            SELECT uscc FROM pending_decision WHERE not_before <= now() ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED) oldest""").param(limit).query(String.class).list().toArray(String[]::new);
        if (usccs.length == 0) {
            return new Taken(Map.of(), List.of(), Map.of());
        }
        return rowsOf(usccs);
    }

    /** Takes one enterprise's rows, those no other decider holds. */
    Taken take(String uscc) {
        return rowsOf(new String[] {uscc});
    }

    private Taken rowsOf(String[] usccs) {
        Map<String, Set<FactGroup>> changed = new TreeMap<>();
        List<Long> rows = new ArrayList<>();
        Map<String, String> traceparents = new TreeMap<>();
        jdbc.sql(
                        "SELECT seq, uscc, fact_groups, traceparent FROM pending_decision WHERE uscc = ANY(?) ORDER BY seq FOR UPDATE SKIP LOCKED")
                .param(usccs)
                .query((rs, n) -> {
                    rows.add(rs.getLong("seq"));
                    if (rs.getString("traceparent") != null) {
                        traceparents.put(rs.getString("uscc"), rs.getString("traceparent"));
                    }
                    Set<FactGroup> groups =
                            changed.computeIfAbsent(rs.getString("uscc"), u -> EnumSet.noneOf(FactGroup.class));
                    Arrays.stream((String[]) rs.getArray("fact_groups").getArray())
                            .map(FactGroup::valueOf)
                            .forEach(groups::add);
                    return groups;
                })
                .list();
        return new Taken(changed, rows, traceparents);
    }

    /** Removes taken rows, in the transaction that wrote their decisions. */
    void done(Taken taken) {
        jdbc.sql("DELETE FROM pending_decision WHERE seq = ANY(?)")
                .param(taken.rows().toArray(Long[]::new))
                .update();
    }

    /** Puts an enterprise's rows back for a later attempt, with the error an operator reads. */
    void failed(String uscc, String error, Duration retryAfter) {
        jdbc.sql("""
                        UPDATE pending_decision SET attempts = attempts + 1, last_error = ?,
                            not_before = now() + make_interval(secs => ?)
                        WHERE uscc = ?""").params(error, retryAfter.toSeconds(), uscc).update();
    }

    /** The enterprise's failed attempts so far. */
    int attempts(String uscc) {
        return jdbc.sql("SELECT coalesce(max(attempts), 0) FROM pending_decision WHERE uscc = ?")
                .param(uscc)
                .query(Integer.class)
                .single();
    }

    /** How many enterprises wait to be re-decided. */
    long waiting() {
        return jdbc.sql("SELECT count(DISTINCT uscc) FROM pending_decision")
                .query(Long.class)
                .single();
    }

    /** How many of them wait after a failed attempt. */
    long failing() {
        return jdbc.sql("SELECT count(DISTINCT uscc) FROM pending_decision WHERE attempts > 0")
                .query(Long.class)
                .single();
    }
}
