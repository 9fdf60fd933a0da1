package io.mianshen.audit.ledger;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Appends events to the ledger, each once (a repeat of (source, id) is skipped), with the next sequence
 * number and hash = SHA-256(previous hash + canonical JSON of {sequence, event}). Appends are serialised
 * by one advisory lock, so the chain has no gaps and no forks, whatever the number of threads or instances.
 * Each entry also keeps the trace id its record was published in, for an operator to follow; it is not
 * evidence, so it is outside the hash.
 */
@Service
public class Ledger {

    /** The hash before the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private static final long CHAIN_LOCK = 0x6d69616e7368656eL;

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final MeterRegistry metrics;
    private final Clock clock;

    Ledger(JdbcClient jdbc, JdbcTemplate batch, MeterRegistry metrics, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * An event as received.
     *
     * @param event   the event, checked against the contract
     * @param traceId the trace its record was published in, or null
     */
    public record Received(JsonNode event, String traceId) {}

    /**
     * Appends the events in order.
     *
     * @return how many were new
     */
    @Transactional
    public int appendAll(List<Received> received) {
        List<JsonNode> events = received.stream().map(Received::event).toList();
        jdbc.sql("SELECT pg_advisory_xact_lock(?)")
                .param(CHAIN_LOCK)
                .query((rs, n) -> 1)
                .list();
        List<EntryColumns> columns = events.stream().map(EntryColumns::of).toList();
        Set<String> known = new HashSet<>(jdbc.sql("""
                        SELECT event_source || ' ' || event_id FROM ledger_entry
                        WHERE (event_source, event_id) IN (SELECT * FROM unnest(CAST(? AS text[]), CAST(? AS text[])))""")
                .params(
                        columns.stream().map(EntryColumns::eventSource).toArray(String[]::new),
                        columns.stream().map(EntryColumns::eventId).toArray(String[]::new))
                .query(String.class)
                .list());
        Object[] head = jdbc.sql("SELECT sequence_no, entry_hash FROM ledger_entry ORDER BY sequence_no DESC LIMIT 1")
                .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)})
                .optional()
                .orElse(new Object[] {0L, GENESIS});
        long sequence = (Long) head[0];
        String previous = (String) head[1];
        Instant now = clock.instant();
        List<Object[]> rows = new ArrayList<>();
        Map<String, BigDecimal[]> totals = new LinkedHashMap<>();
        for (int i = 0; i < events.size(); i++) {
            EntryColumns entry = columns.get(i);
            if (!known.add(entry.eventSource() + " " + entry.eventId())) {
                metrics.counter("mianshen.ledger.duplicates").increment();
                continue;
            }
            sequence++;
            String event = Canonical.of(events.get(i));
            String hash = hash(previous, Canonical.entry(sequence, event));
            rows.add(new Object[] {
                sequence, entry, event, previous, hash, received.get(i).traceId()
            });
            previous = hash;
            if (entry.isDecision()) {
                BigDecimal[] sums = totals.computeIfAbsent(entry.policyId() + " " + entry.period(), k ->
                        new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
                sums[0] = sums[0].add(BigDecimal.ONE);
                switch (entry.eventType()) {
                    case "gov.benefit.granted.v1" -> sums[1] = sums[1].add(entry.amount());
                    case "gov.benefit.adjusted.v1" ->
                        sums[2] = sums[2].add(entry.amount().subtract(entry.previousAmount()));
                    default -> sums[3] = sums[3].add(entry.recoverAmount());
                }
            }
            metrics.timer("mianshen.ledger.append.lag")
                    .record(Duration.between(entry.occurredAt(), now).abs());
        }
        insert(rows, now);
        totals.forEach((key, sums) -> jdbc.sql("""
                        INSERT INTO ledger_totals (policy_id, period, decisions, granted, adjusted, revoked) VALUES (?, ?, ?, ?, ?, ?)
                        ON CONFLICT (policy_id, period) DO UPDATE SET decisions = ledger_totals.decisions + EXCLUDED.decisions,
                            granted = ledger_totals.granted + EXCLUDED.granted, adjusted = ledger_totals.adjusted + EXCLUDED.adjusted,
                            revoked = ledger_totals.revoked + EXCLUDED.revoked""")
                .params(
                        key.substring(0, key.indexOf(' ')),
                        key.substring(key.indexOf(' ') + 1),
                        sums[0].longValue(),
                        sums[1],
                        sums[2],
                        sums[3])
                .update());
        return rows.size();
    }

    private void insert(List<Object[]> rows, Instant now) {
        batch.batchUpdate("""
                        INSERT INTO ledger_entry (sequence_no, event_source, event_id, event_type, uscc, occurred_at, decision_id,
                            related_decision_id, policy_id, period, enterprise_name, amount, previous_amount, recover_amount, reason,
                            notice_id, channel, event, previous_hash, entry_hash, recorded_at, trace_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", rows, rows.size(), (statement, row) -> {
            EntryColumns entry = (EntryColumns) row[1];
            statement.setLong(1, (Long) row[0]);
            statement.setString(2, entry.eventSource());
            statement.setString(3, entry.eventId());
            statement.setString(4, entry.eventType());
            statement.setString(5, entry.uscc());
            statement.setTimestamp(6, Timestamp.from(entry.occurredAt()));
            statement.setString(7, entry.decisionId());
            statement.setString(8, entry.relatedDecisionId());
            statement.setString(9, entry.policyId());
            statement.setString(10, entry.period());
            statement.setString(11, entry.enterpriseName());
            statement.setObject(12, entry.amount(), Types.NUMERIC);
            statement.setObject(13, entry.previousAmount(), Types.NUMERIC);
            statement.setObject(14, entry.recoverAmount(), Types.NUMERIC);
            statement.setString(15, entry.reason());
            statement.setString(16, entry.noticeId());
            statement.setString(17, entry.channel());
            statement.setString(18, (String) row[2]);
            statement.setString(19, (String) row[3]);
            statement.setString(20, (String) row[4]);
            statement.setTimestamp(21, Timestamp.from(now));
            statement.setString(22, (String) row[5]);
        });
    }

    /** SHA-256 of the previous hash followed by the entry's canonical text, as lower-case hex. */
    static String hash(String previous, String entry) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(previous.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest(entry.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
