package io.mianshen.audit.ledger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/**
 * Verifies the ledger. Every entry after the last signed checkpoint (or every entry, when {@code full}) is
 * recomputed: its sequence follows, it names the previous hash, its hash is SHA-256(previous hash + canonical
 * entry), its event is stored canonically, and every searchable column equals what the event says. Every entry up to
 * that checkpoint is proved unchanged more cheaply: the database hashes each entry (columns, hashes and a hash of
 * its event, {@link #ROW_DIGEST}) and the running digest of those hashes must equal the one signed in each checkpoint
 * on the way, whose Ed25519 signature ({@link CheckpointSignatures}) and entry hash must hold too. A chain rewritten
 * consistently by someone with database access, or a checkpoint written without the key, is therefore found. When
 * all holds, the last entry becomes a new signed checkpoint.
 */
@Service
public class LedgerVerifier {

    /** The database's hash of one entry: every column auditors search by, both chain hashes and the event's hash. */
    static final String ROW_DIGEST = """
            encode(sha256(convert_to(json_build_array(sequence_no, event_source, event_id, event_type, uscc,
                (extract(epoch FROM occurred_at) * 1000000)::bigint, decision_id, related_decision_id, policy_id, period,
                enterprise_name, amount, previous_amount, recover_amount, reason, notice_id, channel, previous_hash, entry_hash,
                encode(sha256(convert_to(event, 'UTF8')), 'hex'))::text, 'UTF8')), 'hex')""";

    private static final int PAGE = 5_000;

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final CheckpointSignatures signatures;
    /** 1 intact, 0 broken, -1 never verified. */
    private final AtomicInteger lastResult = new AtomicInteger(-1);

    LedgerVerifier(
            JdbcClient jdbc, JsonMapper json, Clock clock, MeterRegistry metrics, CheckpointSignatures signatures) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.signatures = signatures;
        Gauge.builder("mianshen.ledger.verification.intact", lastResult, AtomicInteger::get)
                .description("last verification: 1 intact, 0 broken, -1 none yet")
                .register(metrics);
        Gauge.builder(
                        "mianshen.ledger.entries",
                        () -> jdbc.sql("SELECT COALESCE(max(sequence_no), 0) FROM ledger_entry")
                                .query(Long.class)
                                .single())
                .description("entries in the ledger")
                .register(metrics);
    }

    private record Row(
            long sequence, String previousHash, String entryHash, String event, EntryColumns columns, String digest) {}

    /** A checkpoint as stored: whether it is one depends on its signature. */
    private record Checkpoint(long sequence, String entryHash, String digest, Instant verifiedAt, String signature) {
        String signedText() {
            return CheckpointSignatures.signedText(sequence, entryHash, digest, verifiedAt);
        }
    }

    /** A broken entry (or checkpoint) found on the way. */
    private record Broken(long sequence, String detail) {}

    /** Verifies from the last signed checkpoint, or every entry when {@code full}. */
    public Verification verify(boolean full) {
        TreeMap<Long, Checkpoint> checkpoints = new TreeMap<>();
        jdbc.sql(
                        "SELECT sequence_no, entry_hash, digest, verified_at, signature FROM ledger_checkpoint WHERE signature IS NOT NULL ORDER BY sequence_no")
                .query((rs, n) -> new Checkpoint(
                        rs.getLong(1),
                        rs.getString(2),
                        rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class).toInstant(),
                        rs.getString(5)))
                .list()
                .forEach(checkpoint -> checkpoints.put(checkpoint.sequence(), checkpoint));
        for (Checkpoint checkpoint : checkpoints.values()) {
            if (!signatures.verify(checkpoint.signedText(), checkpoint.signature())) {
                return broken(
                        new Broken(
                                checkpoint.sequence(),
                                "the checkpoint at entry " + checkpoint.sequence()
                                        + " is not signed by the audit service's key: it was not written by the verifier"),
                        1,
                        0);
            }
        }
        long trusted = full || checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
        String previous = Ledger.GENESIS;
        String digest = Ledger.GENESIS;
        long expected = 1;
        long lastCheckpoint = 0;
        // up to the trusted checkpoint: the database's hash of each entry, folded and compared at every checkpoint
        while (expected <= trusted) {
            List<String[]> page = jdbc.sql("SELECT sequence_no, entry_hash, " + ROW_DIGEST
                            + " FROM ledger_entry WHERE sequence_no >= ? AND sequence_no <= ? "
                            + "ORDER BY sequence_no LIMIT ?")
                    .params(expected, trusted, PAGE)
                    .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                    .list();
            if (page.isEmpty()) {
                return broken(
                        new Broken(
                                expected,
                                "entry " + expected + " is missing; the checkpoint at entry " + trusted
                                        + " says it was there"),
                        1,
                        0);
            }
            for (String[] row : page) {
                long sequence = Long.parseLong(row[0]);
                if (sequence != expected) {
                    return broken(
                            new Broken(expected, "entry " + expected + " is missing (next found: " + sequence + ")"),
                            1,
                            0);
                }
                digest = Ledger.hash(digest, row[2]);
                previous = row[1];
                Broken changed = atCheckpoint(checkpoints.get(sequence), previous, digest, lastCheckpoint);
                if (changed != null) {
                    return broken(changed, 1, 0);
                }
                lastCheckpoint = checkpoints.containsKey(sequence) ? sequence : lastCheckpoint;
                expected++;
            }
        }
        long from = expected;
        long checked = 0;
        while (true) {
            List<Row> page = jdbc.sql("SELECT *, " + ROW_DIGEST
                            + " AS row_digest FROM ledger_entry WHERE sequence_no >= ? ORDER BY sequence_no LIMIT ?")
                    .params(expected, PAGE)
                    .query((rs, n) -> row(rs))
                    .list();
            for (Row row : page) {
                String problem = problem(row, expected, previous);
                if (problem != null) {
                    return broken(new Broken(Math.min(row.sequence(), expected), problem), from, checked + 1);
                }
                digest = Ledger.hash(digest, row.digest());
                previous = row.entryHash();
                Broken changed = atCheckpoint(checkpoints.get(row.sequence()), previous, digest, lastCheckpoint);
                if (changed != null) {
                    return broken(changed, from, checked + 1);
                }
                lastCheckpoint = checkpoints.containsKey(row.sequence()) ? row.sequence() : lastCheckpoint;
                expected++;
                checked++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (expected - 1 < trusted) {
            return broken(
                    new Broken(
                            expected,
                            "entry " + expected + " is missing; the checkpoint at entry " + trusted
                                    + " says it was there"),
                    from,
                    checked);
        }
        Verification result =
                new Verification(true, from, expected - 1, checked, from - 1, null, null, clock.instant());
        return record(result, checked > 0 ? previous : null, digest);
    }

    /** What is wrong at a signed checkpoint, if anything: the chain or the digest up to it is no longer what was signed. */
    private static Broken atCheckpoint(
            Checkpoint checkpoint, String entryHash, String digest, long previousCheckpoint) {
        if (checkpoint == null
                || (checkpoint.entryHash().equals(entryHash)
                        && checkpoint.digest().equals(digest))) {
            return null;
        }
        return new Broken(
                previousCheckpoint + 1,
                "entries " + (previousCheckpoint + 1) + " to " + checkpoint.sequence()
                        + " changed after the verifier signed the checkpoint at entry " + checkpoint.sequence()
                        + (checkpoint.entryHash().equals(entryHash)
                                ? " (the chain still links, but a searchable column or an event differs)"
                                : " (the chain was rewritten)"));
    }

    private Verification broken(Broken broken, long from, long checked) {
        return record(
                new Verification(
                        false,
                        from,
                        broken.sequence(),
                        checked,
                        Math.max(0, from - 1),
                        broken.sequence(),
                        broken.detail(),
                        clock.instant()),
                null,
                null);
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

    private Verification record(Verification result, String checkpointHash, String digest) {
        jdbc.sql("""
                        INSERT INTO verification (verified_at, from_sequence, to_sequence, entries, intact, first_broken, detail)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        Timestamp.from(result.verifiedAt()),
                        result.fromSequence(),
                        result.toSequence(),
                        result.entries(),
                        result.intact(),
                        result.firstBroken(),
                        result.detail())
                .update();
        if (checkpointHash != null) {
            // stored to the microsecond, as PostgreSQL keeps it, so that the signed text reads back the same
            Instant at = result.verifiedAt().truncatedTo(ChronoUnit.MICROS);
            String signature =
                    signatures.sign(CheckpointSignatures.signedText(result.toSequence(), checkpointHash, digest, at));
            jdbc.sql(
                            "INSERT INTO ledger_checkpoint (sequence_no, entry_hash, verified_at, digest, signature) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                    .params(result.toSequence(), checkpointHash, Timestamp.from(at), digest, signature)
                    .update();
        }
        lastResult.set(result.intact() ? 1 : 0);
        return result;
    }

    private static Row row(ResultSet rs) throws SQLException {
        EntryColumns columns = new EntryColumns(
                rs.getString("event_source"),
                rs.getString("event_id"),
                rs.getString("event_type"),
                rs.getString("uscc"),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                rs.getString("decision_id"),
                rs.getString("related_decision_id"),
                rs.getString("policy_id"),
                rs.getString("period"),
                rs.getString("enterprise_name"),
                money(rs.getBigDecimal("amount")),
                money(rs.getBigDecimal("previous_amount")),
                money(rs.getBigDecimal("recover_amount")),
                rs.getString("reason"),
                rs.getString("notice_id"),
                rs.getString("channel"));
        return new Row(
                rs.getLong("sequence_no"),
                rs.getString("previous_hash"),
                rs.getString("entry_hash"),
                rs.getString("event"),
                columns,
                rs.getString("row_digest"));
    }

    private static BigDecimal money(BigDecimal amount) {
        return amount == null ? null : amount.setScale(2);
    }
}
