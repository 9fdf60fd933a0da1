package io.mianshen.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mianshen.audit.AuditEvents;
import io.mianshen.testsupport.ConsumerGroups;
import io.mianshen.testsupport.DatabaseAddress;
import io.mianshen.testsupport.EventFeed;
import io.mianshen.testsupport.RealInfrastructure;
import io.mianshen.testsupport.TestInfrastructure;
import io.mianshen.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The ledger against someone with database access: the application's own role can change nothing, and what the
 * database owner changes behind the trigger (a column, or the whole chain rewritten consistently, or a checkpoint
 * of its own) is found by the default verification through the signed checkpoints, and offline by an auditor with
 * the public key. Each test puts the ledger back as it was.
 */
// a group of its own that starts at the end of the shared topics: only this class's events reach this ledger
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.kafka.consumer.group-id=audit-integrity-it",
            "spring.kafka.consumer.auto-offset-reset=latest"
        })
@RealInfrastructure(database = "audit_integrity", appRole = "audit_app")
class LedgerIntegrityIT {

    private static final String GROUP = "audit-integrity-it";

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void theApplicationsRoleOwnsNothingAndCannotTurnTheTriggerOffNorBecomeTheOwner() {
        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isEqualTo("audit_app");
        assertThat(jdbc.sql(
                                "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname = current_user")
                        .query(Long.class)
                        .single())
                .isZero();
        String owner = TestInfrastructure.database("audit_integrity").username();
        assertThatThrownBy(() -> jdbc.sql("ALTER TABLE ledger_entry DISABLE TRIGGER USER")
                        .update())
                .rootCause()
                .hasMessageContaining("must be owner");
        assertThatThrownBy(() -> jdbc.sql("SET ROLE \"" + owner + "\"").update())
                .rootCause()
                .hasMessageContaining("permission denied");
        assertThatThrownBy(() -> jdbc.sql("RESET ROLE; UPDATE ledger_entry SET amount = 1")
                        .update())
                .rootCause()
                .hasMessageContaining("permission denied");
    }

    @Test
    void anOldEntryChangedBehindTheTriggerIsFoundByTheDefaultVerification() throws SQLException {
        long sequence = appended();
        assertThat(verify(false).get("intact").asBoolean()).isTrue();
        try (Connection owner = owner()) {
            behindTheTrigger(owner, "UPDATE ledger_entry SET amount = amount * 9 WHERE sequence_no = " + sequence);
            JsonNode found = verify(false);
            assertThat(found.get("intact").asBoolean()).isFalse();
            assertThat(found.get("firstBroken").asLong()).isLessThanOrEqualTo(sequence);
            assertThat(found.get("detail").asString())
                    .contains("changed after the verifier signed", "a searchable column or an event differs");
            behindTheTrigger(owner, "UPDATE ledger_entry SET amount = amount / 9 WHERE sequence_no = " + sequence);
        }
        assertThat(verify(false).get("intact").asBoolean()).isTrue();
    }

    @Test
    void aChainRewrittenConsistentlyAndACheckpointOfItsOwnAreFound() throws SQLException {
        long sequence = appended();
        assertThat(verify(false).get("intact").asBoolean()).isTrue();
        try (Connection owner = owner()) {
            List<String[]> original = chainFrom(owner, sequence);
            rewrite(owner, sequence);
            long head = sequence + original.size() - 1;
            try (PreparedStatement forged = owner.prepareStatement("""
                    INSERT INTO ledger_checkpoint (sequence_no, entry_hash, verified_at, digest, signature)
                    SELECT sequence_no + 1000000, entry_hash, now(), repeat('0', 64), 'Zm9yZ2Vk' FROM ledger_entry WHERE sequence_no = ?""")) {
                forged.setLong(1, head);
                forged.executeUpdate();
            }
            JsonNode forgedFound = verify(false);
            assertThat(forgedFound.get("intact").asBoolean()).isFalse();
            assertThat(forgedFound.get("detail").asString()).contains("not signed by the audit service's key");
            owner.createStatement().executeUpdate("DELETE FROM ledger_checkpoint WHERE signature = 'Zm9yZ2Vk'");

            JsonNode rewritten = verify(false);
            assertThat(rewritten.get("intact").asBoolean()).isFalse();
            assertThat(rewritten.get("detail").asString()).contains("the chain was rewritten");
            assertThat(verify(true).get("intact").asBoolean()).isFalse();
            restore(owner, original);
        }
        assertThat(verify(true).get("intact").asBoolean()).isTrue();
    }

    @Test
    void anAuditorVerifiesAnExportOfflineWithThePublicKeyAndAChangedEntryIsCaught() throws Exception {
        appended();
        assertThat(verify(false).get("intact").asBoolean()).isTrue();
        Path directory = Files.createTempDirectory("ledger-export");
        Path export = directory.resolve("ledger.txt");
        Path key = directory.resolve("checkpoint-key.pem");
        Files.writeString(
                export,
                auditor()
                        .get()
                        .uri("/api/audit/ledger/export?from=1")
                        .retrieve()
                        .body(String.class));
        Files.writeString(
                key,
                auditor()
                        .get()
                        .uri("/api/audit/ledger/checkpoint-key")
                        .retrieve()
                        .body(String.class));

        String[] intact = offline(export, key);
        assertThat(intact[0]).isEqualTo("0");
        assertThat(intact[1]).startsWith("intact:").contains("covered by a checkpoint signed with this key");

        List<String> lines = new ArrayList<>(Files.readAllLines(export));
        int entryLine = lines.indexOf(lines.stream()
                .filter(l -> l.startsWith("entry "))
                .reduce((a, b) -> b)
                .orElseThrow());
        String[] field = lines.get(entryLine).split(" ");
        String event = new String(Base64.getDecoder().decode(field[4]), StandardCharsets.UTF_8);
        field[4] = Base64.getEncoder()
                .encodeToString(event.replaceFirst("\"amount\":\"(\\d+)", "\"amount\":\"9$1")
                        .getBytes(StandardCharsets.UTF_8));
        lines.set(entryLine, String.join(" ", field));
        Files.write(export, lines);
        String[] broken = offline(export, key);
        assertThat(broken[0]).isEqualTo("1");
        assertThat(broken[1]).contains("BROKEN", "entry " + field[1] + " does not hash");

        String later = auditor()
                .get()
                .uri("/api/audit/ledger/export?from={f}", Long.parseLong(field[1]))
                .retrieve()
                .body(String.class);
        assertThat(later.lines().skip(1).findFirst().orElse(""))
                .as("anchored on a signed checkpoint")
                .matches("(checkpoint|entry 1) .*");
        assertThat(auditor()
                        .get()
                        .uri("/api/audit/ledger/export?from=0")
                        .retrieve()
                        .toEntity(String.class)
                        .getStatusCode()
                        .value())
                .isEqualTo(400);
    }

    /** A new entry in the ledger; its sequence number. */
    private long appended() {
        // the group holds its partitions (and has committed their end) before anything is published for it
        ConsumerGroups.awaitCaughtUp(GROUP, Duration.ofSeconds(60), "benefit.decisions.v1", "notices.v1");
        ObjectNode granted;
        try (AuditEvents events = new AuditEvents()) {
            granted = events.granted(EventFeed.newUscc(), "rd-post-subsidy", "FY2024", "100000.00");
        }
        String id = granted.get("id").asString();
        // nothing else is on its way to this ledger while a test changes it behind the service's back
        ConsumerGroups.awaitCaughtUp(GROUP, Duration.ofSeconds(60), "benefit.decisions.v1", "notices.v1");
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jdbc.sql("SELECT sequence_no FROM ledger_entry WHERE event_id = ?")
                                .param(id)
                                .query(Long.class)
                                .optional()
                                .orElse(null),
                        s -> s != null);
    }

    private static Connection owner() throws SQLException {
        DatabaseAddress database = TestInfrastructure.database("audit_integrity");
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    /** What the owner of the tables can do: turn the trigger off, change, turn it on again. */
    private static void behindTheTrigger(Connection owner, String change) throws SQLException {
        owner.createStatement().execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER");
        try {
            owner.createStatement().executeUpdate(change);
        } finally {
            owner.createStatement().execute("ALTER TABLE ledger_entry ENABLE TRIGGER USER");
        }
    }

    private static List<String[]> chainFrom(Connection owner, long sequence) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement select = owner.prepareStatement(
                "SELECT sequence_no, event, amount, previous_hash, entry_hash FROM ledger_entry WHERE sequence_no >= ? ORDER BY sequence_no")) {
            select.setLong(1, sequence);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(new String[] {
                        rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)
                    });
                }
            }
        }
        return rows;
    }

    /** The entry's amount made nine times larger in its event and column, and every hash after it recomputed. */
    private static void rewrite(Connection owner, long sequence) throws SQLException {
        List<String[]> rows = chainFrom(owner, sequence);
        String previous = rows.get(0)[3];
        List<String[]> rewritten = new ArrayList<>();
        for (String[] row : rows) {
            long number = Long.parseLong(row[0]);
            String event = number == sequence ? row[1].replace("\"100000.00\"", "\"900000.00\"") : row[1];
            String amount = number == sequence ? "900000.00" : row[2];
            String hash = Ledger.hash(previous, Canonical.entry(number, event));
            rewritten.add(new String[] {row[0], event, amount, previous, hash});
            previous = hash;
        }
        restore(owner, rewritten);
    }

    private static void restore(Connection owner, List<String[]> rows) throws SQLException {
        owner.createStatement().execute("ALTER TABLE ledger_entry DISABLE TRIGGER USER");
        try (PreparedStatement update = owner.prepareStatement(
                "UPDATE ledger_entry SET event = ?, amount = ?::numeric, previous_hash = ?, entry_hash = ? WHERE sequence_no = ?")) {
            for (String[] row : rows) {
                update.setString(1, row[1]);
                update.setString(2, row[2]);
                update.setString(3, row[3]);
                update.setString(4, row[4]);
                update.setLong(5, Long.parseLong(row[0]));
                update.executeUpdate();
            }
        } finally {
            owner.createStatement().execute("ALTER TABLE ledger_entry ENABLE TRIGGER USER");
        }
    }

    /** Runs bin/verify-ledger's program on the export; its exit code and output. */
    private static String[] offline(Path export, Path key) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder(java, "../../bin/VerifyLedger.java", export.toString(), key.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new String[] {Integer.toString(process.waitFor()), output};
    }

    private JsonNode verify(boolean full) {
        return auditor().post().uri("/api/audit/verify?full=" + full).retrieve().body(JsonNode.class);
    }

    private RestClient auditor() {
        return RestClient.builder()
                .baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", "Bearer " + TestTokens.auditor())
                .defaultStatusHandler(HttpStatusCode::isError, (req, res) -> {})
                .build();
    }
}
