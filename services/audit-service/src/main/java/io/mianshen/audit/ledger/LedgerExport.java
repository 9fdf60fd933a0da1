package io.mianshen.audit.ledger;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * A range of the ledger as a text file an auditor verifies offline ({@code bin/verify-ledger EXPORT KEY.pem}), with
 * nothing but a JDK and the checkpoints' public key. Its first line is {@value #HEADER}; then, one per line:
 * <pre>
 * checkpoint SEQUENCE ENTRY_HASH DIGEST VERIFIED_AT SIGNATURE   a signed checkpoint (signature in base64)
 * entry SEQUENCE PREVIOUS_HASH ENTRY_HASH EVENT                 an entry, its canonical event in base64
 * </pre>
 * The range starts just after the last signed checkpoint before {@code from} (whose line comes first, as the
 * anchor), or at the first entry, so that the chain can be followed from something signed; each signed checkpoint
 * inside the range follows its entry.
 */
@Service
public class LedgerExport {

    /** The first line of an export. */
    public static final String HEADER = "mianshen-ledger-export-v1";

    private static final int PAGE = 5_000;

    private final JdbcClient jdbc;

    LedgerExport(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private record Checkpoint(long sequence, String line) {}

    /** Writes entries {@code from}..{@code to} (widened back to a signed checkpoint); returns how many entries. */
    public long write(long from, long to, OutputStream out) {
        Map<Long, String> checkpoints = new TreeMap<>();
        jdbc.sql(
                        "SELECT sequence_no, entry_hash, digest, verified_at, signature FROM ledger_checkpoint WHERE signature IS NOT NULL AND sequence_no <= ?")
                .param(to)
                .query((rs, n) -> new Checkpoint(
                        rs.getLong(1),
                        String.join(
                                " ",
                                "checkpoint",
                                Long.toString(rs.getLong(1)),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getObject(4, OffsetDateTime.class)
                                        .toInstant()
                                        .toString(),
                                rs.getString(5))))
                .list()
                .forEach(checkpoint -> checkpoints.put(checkpoint.sequence(), checkpoint.line()));
        long anchor = checkpoints.keySet().stream()
                .filter(sequence -> sequence < from)
                .max(Long::compare)
                .orElse(0L);
        long written = 0;
        try {
            line(out, HEADER);
            if (anchor > 0) {
                line(out, checkpoints.get(anchor));
            }
            long next = anchor + 1;
            while (next <= to) {
                List<Object[]> page = jdbc.sql("""
                                SELECT sequence_no, previous_hash, entry_hash, event FROM ledger_entry
                                WHERE sequence_no >= ? AND sequence_no <= ? ORDER BY sequence_no LIMIT ?""")
                        .params(next, to, PAGE)
                        .query((rs, n) ->
                                new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)})
                        .list();
                for (Object[] row : page) {
                    long sequence = (Long) row[0];
                    line(
                            out,
                            String.join(
                                    " ",
                                    "entry",
                                    Long.toString(sequence),
                                    (String) row[1],
                                    (String) row[2],
                                    Base64.getEncoder()
                                            .encodeToString(((String) row[3]).getBytes(StandardCharsets.UTF_8))));
                    if (checkpoints.containsKey(sequence) && sequence > anchor) {
                        line(out, checkpoints.get(sequence));
                    }
                    written++;
                    next = sequence + 1;
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return written;
    }

    private static void line(OutputStream out, String text) throws IOException {
        out.write((text + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
