package io.mianshen.audit.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Recomputes the chain from the last checkpoint (or from the first entry): for each entry, that its
 * sequence follows, that it names the previous hash, that its hash is SHA-256(previous hash + canonical
 * entry), that its event is stored canonically, and that every searchable column equals what the event
 * says. The first entry that fails is reported; when all hold, the last one becomes the new checkpoint.
 */
@Service
public class LedgerVerifier {

    private static final int PAGE = 5_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    /** 1 intact, 0 broken, -1 never verified. */
    private final AtomicInteger lastResult = new AtomicInteger(-1);

    LedgerVerifier(JdbcClient jdbc, JsonMapper json, Clock clock, MeterRegistry metrics) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        Gauge.builder("mianshen.ledger.verification.intact", lastResult, AtomicInteger::get)
                .description("last verification: 1 intact, 0 broken, -1 none yet").register(metrics);
        Gauge.builder("mianshen.ledger.entries", () -> jdbc.sql("SELECT COALESCE(max(sequence_no), 0) FROM ledger_entry").query(Long.class).single())
                .description("entries in the ledger").register(metrics);
    }

    private record Row(long sequence, String previousHash, String entryHash, String event, EntryColumns columns) {
    }

    /** Verifies from the last checkpoint, or from the first entry when {@code full}. */
    public Verification verify(boolean full) {
        long after = 0;
        String previous = Ledger.GENESIS;
        if (!full) {
            Object[] checkpoint = jdbc.sql("SELECT sequence_no, entry_hash FROM ledger_checkpoint ORDER BY sequence_no DESC LIMIT 1")
                    .query((rs, n) -> new Object[] {rs.getLong(1), rs.getString(2)}).optional().orElse(null);
            if (checkpoint != null) {
                after = (Long) checkpoint[0];
                previous = (String) checkpoint[1];
            }
        }
        long expected = after + 1;
        long checked = 0;
        while (true) {
            List<Row> page = jdbc.sql("SELECT * FROM ledger_entry WHERE sequence_no > ? ORDER BY sequence_no LIMIT ?")
                    .params(expected - 1, PAGE).query((rs, n) -> row(rs)).list();
            for (Row row : page) {
                String problem = problem(row, expected, previous);
                if (problem != null) {
                    return record(new Verification(false, after + 1, row.sequence(), checked + 1, row.sequence(), problem, clock.instant()), null);
                }
                previous = row.entryHash();
                expected++;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        Verification result = new Verification(true, after + 1, expected - 1, checked, null, null, clock.instant());
        return record(result, checked > 0 ? previous : null);
    }

    private String problem(Row row, long expectedSequence, String previous) {
        if (row.sequence() != expectedSequence) {
            return "entry " + expectedSequence + " is missing (next found: " + row.sequence() + ")";
        }
        if (!row.previousHash().equals(previous)) {
            return "previous_hash does not match the hash of entry " + (row.sequence() - 1);
        }
        String canonical;
        EntryColumns derived;
        try {
            var event = json.readTree(row.event());
            canonical = Canonical.of(event);
            derived = EntryColumns.of(event);
        } catch (RuntimeException e) {
            return "the stored event cannot be read: " + e.getMessage();
        }
        if (!canonical.equals(row.event())) {
            return "the stored event is not in canonical form";
        }
        if (!Ledger.hash(previous, Canonical.entry(row.sequence(), canonical)).equals(row.entryHash())) {
            return "entry_hash does not match the entry's content";
        }
        if (!derived.equals(row.columns())) {
            return "a searchable column differs from the event: stored " + row.columns() + ", event says " + derived;
        }
        return null;
    }

    private Verification record(Verification result, String checkpointHash) {
        jdbc.sql("""
                        INSERT INTO verification (verified_at, from_sequence, to_sequence, entries, intact, first_broken, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(Timestamp.from(result.verifiedAt()), result.fromSequence(), result.toSequence(), result.entries(), result.intact(),
                        result.firstBroken(), result.detail())
                .update();
        if (checkpointHash != null) {
            jdbc.sql("INSERT INTO ledger_checkpoint (sequence_no, entry_hash, verified_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(result.toSequence(), checkpointHash, Timestamp.from(result.verifiedAt())).update();
        }
        lastResult.set(result.intact() ? 1 : 0);
        return result;
    }

    private static Row row(ResultSet rs) throws SQLException {
        EntryColumns columns = new EntryColumns(rs.getString("event_source"), rs.getString("event_id"), rs.getString("event_type"),
                rs.getString("uscc"), rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("decision_id"),
                rs.getString("related_decision_id"), rs.getString("policy_id"), rs.getString("period"), rs.getString("enterprise_name"),
                money(rs.getBigDecimal("amount")), money(rs.getBigDecimal("previous_amount")), money(rs.getBigDecimal("recover_amount")),
                rs.getString("reason"), rs.getString("notice_id"), rs.getString("channel"));
        return new Row(rs.getLong("sequence_no"), rs.getString("previous_hash"), rs.getString("entry_hash"), rs.getString("event"), columns);
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2);
    }
}
