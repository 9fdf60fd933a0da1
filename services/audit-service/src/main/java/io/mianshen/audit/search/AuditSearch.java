package io.mianshen.audit.search;

import io.mianshen.policy.Policy;
import io.mianshen.policy.PolicyPack;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the ledger for auditors: keyset-paginated searches of decisions, a decision's whole history with
 * its notices and objections, totals per policy and period against the budget, and streamed CSV exports.
 */
@Service
public class AuditSearch {

    /** The largest page of a search. */
    public static final int MAX_PAGE = 500;

    /**
     * A decision entry as auditors see it. Money is a decimal string of yuan.
     *
     * @param sequence          its place in the ledger
     * @param decisionId        the decision
     * @param type              gov.benefit.granted.v1, adjusted.v1 or revoked.v1
     * @param uscc              the enterprise
     * @param enterpriseName    its name at decision time (grants and adjustments)
     * @param policyId          the policy
     * @param period            the period
     * @param amount            amount granted (grants and adjustments)
     * @param previousAmount    the amount before an adjustment
     * @param recoverAmount     the amount to return (revocations)
     * @param relatedDecisionId the decision an adjustment supersedes or a revocation revokes
     * @param reason            why, for adjustments and revocations
     * @param decidedAt         when it was decided
     * @param entryHash         the entry's hash in the chain
     */
    public record DecisionEntry(
            long sequence,
            String decisionId,
            String type,
            String uscc,
            String enterpriseName,
            String policyId,
            String period,
            String amount,
            String previousAmount,
            String recoverAmount,
            String relatedDecisionId,
            String reason,
            OffsetDateTime decidedAt,
            String entryHash) {}

    /**
     * A page of a search.
     *
     * @param decisions the decisions of the page, by decision time then sequence
     * @param next      the cursor of the next page, or {@code null} at the end
     */
    public record Page(List<DecisionEntry> decisions, String next) {}

    /**
     * A decision with everything that happened to it.
     *
     * @param history     every decision of its (enterprise, policy, period), in ledger order
     * @param explanation the explanation of the latest grant or adjustment
     * @param notices     notice events of those decisions (delivered, failed), in ledger order
     * @param objections  objections raised against them
     * @param publicity   the publicity steps of its grants (gov.publicity.*: entered publicity, objection received, ruling,
     *                    final), in ledger order
     * @param timeline    every ledger entry of those decisions, whatever its kind, in ledger order
     */
    public record History(
            List<DecisionEntry> history,
            JsonNode explanation,
            List<JsonNode> notices,
            List<JsonNode> objections,
            List<JsonNode> publicity,
            List<Step> timeline) {}

    /**
     * One ledger entry of a decision's history.
     *
     * @param sequence   its place in the ledger
     * @param type       the event type
     * @param decisionId the decision it concerns
     * @param occurredAt when it happened
     * @param traceId    the trace its event was published in (intake to notice share one), null before traces were kept
     */
    public record Step(long sequence, String type, String decisionId, OffsetDateTime occurredAt, String traceId) {}

    /**
     * Totals of one policy and period. Net = granted + adjusted - revoked (asked back).
     *
     * @param budget          the policy's budget per period, if it has one
     * @param budgetRemaining budget - net, if it has one
     */
    public record Totals(
            String policyId,
            String period,
            long decisions,
            String granted,
            String adjusted,
            String revoked,
            String net,
            String budget,
            String budgetRemaining) {}

    private static final String COLUMNS = """
            sequence_no, decision_id, event_type, uscc, enterprise_name, policy_id, period, amount, previous_amount, recover_amount,
            related_decision_id, reason, occurred_at, entry_hash""";

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;
    private final JdbcTemplate plain;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final Map<String, BigDecimal> budgets;

    AuditSearch(
            JdbcClient jdbc,
            NamedParameterJdbcTemplate named,
            JdbcTemplate plain,
            TransactionTemplate transactions,
            JsonMapper json) {
        this.jdbc = jdbc;
        this.named = named;
        this.plain = plain;
        this.transactions = transactions;
        this.json = json;
        this.budgets = PolicyPack.bundled().policies().stream()
                .filter(p -> p.budgetPerPeriod().isPresent())
                .collect(Collectors.toMap(Policy::id, p -> p.budgetPerPeriod().orElseThrow()));
    }

    /** Decisions matching {@code filter}, {@code limit} after {@code cursor} (null: from the start). */
    public Page search(SearchFilter filter, String cursor, int limit) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        StringBuilder where = where(filter, params);
        if (cursor != null) {
            String[] at = decodeCursor(cursor);
            where.append(" AND (occurred_at, sequence_no) > (:cursorAt, :cursorSequence)");
            params.addValue("cursorAt", Timestamp.from(Instant.parse(at[0])))
                    .addValue("cursorSequence", Long.parseLong(at[1]));
        }
        params.addValue("limit", limit + 1);
        List<DecisionEntry> rows = named.query(
                "SELECT " + COLUMNS + " FROM ledger_entry WHERE " + where
                        + " ORDER BY occurred_at, sequence_no LIMIT :limit",
                params,
                (rs, n) -> entry(rs));
        String next = null;
        if (rows.size() > limit) {
            rows = rows.subList(0, limit);
            DecisionEntry last = rows.get(limit - 1);
            next = encodeCursor(last.decidedAt().toInstant(), last.sequence());
        }
        return new Page(List.copyOf(rows), next);
    }

    /** The history of the decision {@code decisionId}, if the ledger has it. */
    public Optional<History> history(String decisionId) {
        Optional<DecisionEntry> found = jdbc.sql("SELECT " + COLUMNS
                        + " FROM ledger_entry WHERE decision_id = ? AND event_type LIKE 'gov.benefit.%'")
                .param(decisionId)
                .query((rs, n) -> entry(rs))
                .optional();
        if (found.isEmpty()) {
            return Optional.empty();
        }
        DecisionEntry decision = found.get();
        List<DecisionEntry> history = jdbc.sql("SELECT " + COLUMNS + """
                         FROM ledger_entry WHERE uscc = ? AND policy_id = ? AND period = ? AND event_type LIKE 'gov.benefit.%'
                        ORDER BY sequence_no""")
                .params(decision.uscc(), decision.policyId(), decision.period())
                .query((rs, n) -> entry(rs))
                .list();
        String[] ids = history.stream().map(DecisionEntry::decisionId).toArray(String[]::new);
        JsonNode explanation = jdbc.sql("""
                        SELECT event FROM ledger_entry WHERE decision_id = ANY(?) AND event_type IN ('gov.benefit.granted.v1', 'gov.benefit.adjusted.v1')
                        ORDER BY sequence_no DESC LIMIT 1""")
                .param(ids)
                .query(String.class)
                .optional()
                .map(event -> json.readTree(event).get("data").get("explanation"))
                .orElse(null);
        List<JsonNode> notices = new ArrayList<>();
        List<JsonNode> objections = new ArrayList<>();
        jdbc.sql(
                        "SELECT event_type, event FROM ledger_entry WHERE decision_id = ANY(?) AND event_type LIKE 'gov.notice.%' ORDER BY sequence_no")
                .param(ids)
                .query((rs, n) -> (rs.getString("event_type").equals("gov.notice.objection-raised.v1")
                                ? objections
                                : notices)
                        .add(json.readTree(rs.getString("event"))))
                .list();
        List<JsonNode> publicity = jdbc.sql(
                        "SELECT event FROM ledger_entry WHERE decision_id = ANY(?) AND event_type LIKE 'gov.publicity.%' ORDER BY sequence_no")
                .param(ids)
                .query((rs, n) -> json.readTree(rs.getString("event")))
                .list();
        List<Step> timeline = jdbc.sql(
                        "SELECT sequence_no, event_type, decision_id, occurred_at, trace_id FROM ledger_entry WHERE decision_id = ANY(?) ORDER BY sequence_no")
                .param(ids)
                .query((rs, n) -> new Step(
                        rs.getLong("sequence_no"),
                        rs.getString("event_type"),
                        rs.getString("decision_id"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getString("trace_id")))
                .list();
        return Optional.of(new History(history, explanation, notices, objections, publicity, timeline));
    }

    /**
     * A decision waiting in a budget's first-in-first-out queue, as the ledger tells it: a {@code gov.benefit.queued.v1}
     * entry that no {@code gov.benefit.queue-left.v1} entry has ended yet.
     *
     * @param position   its place in the queue now, from 1 (the next to be granted)
     * @param decisionId the queue entry's id
     * @param amount     the amount it is eligible for
     * @param waitingFor what it waits for: the amount, or the difference over a live grant
     * @param increases  the live grant an increase waits to raise, if it is one
     * @param ticket     its place in the order of the queue
     * @param queuedAt   when it joined
     */
    public record Waiting(
            int position,
            String decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            String period,
            String amount,
            String waitingFor,
            String increases,
            long ticket,
            OffsetDateTime queuedAt,
            String reason) {}

    /** The decisions waiting in budget queues, in queue order per policy and period, optionally of one policy and one period. */
    public List<Waiting> queue(String policyId, String period) {
        List<Waiting> waiting = jdbc.sql("""
                        SELECT * FROM (
                            SELECT q.*, CAST(CAST(q.event AS jsonb) -> 'data' ->> 'ticket' AS bigint) AS ticket,
                                   CAST(q.event AS jsonb) -> 'data' ->> 'waitingFor' AS waiting_for
                            FROM ledger_entry q
                            WHERE q.event_type = 'gov.benefit.queued.v1'
                              AND (CAST(:policy AS text) IS NULL OR q.policy_id = :policy) AND (CAST(:period AS text) IS NULL OR q.period = :period)
                              AND NOT EXISTS (SELECT 1 FROM ledger_entry l WHERE l.event_type = 'gov.benefit.queue-left.v1'
                                              AND l.related_decision_id = q.decision_id)) waiting
                        ORDER BY policy_id, period, ticket""")
                .param("policy", policyId)
                .param("period", period)
                .query((rs, n) -> new Waiting(
                        0,
                        rs.getString("decision_id"),
                        rs.getString("uscc"),
                        rs.getString("enterprise_name"),
                        rs.getString("policy_id"),
                        rs.getString("period"),
                        money(rs.getBigDecimal("amount")),
                        rs.getString("waiting_for"),
                        rs.getString("related_decision_id"),
                        rs.getLong("ticket"),
                        rs.getObject("occurred_at", OffsetDateTime.class),
                        rs.getString("reason")))
                .list();
        List<Waiting> numbered = new ArrayList<>(waiting.size());
        String budget = null;
        int position = 0;
        for (Waiting w : waiting) {
            String ofBudget = w.policyId() + " " + w.period();
            position = ofBudget.equals(budget) ? position + 1 : 1;
            budget = ofBudget;
            numbered.add(new Waiting(
                    position,
                    w.decisionId(),
                    w.uscc(),
                    w.enterpriseName(),
                    w.policyId(),
                    w.period(),
                    w.amount(),
                    w.waitingFor(),
                    w.increases(),
                    w.ticket(),
                    w.queuedAt(),
                    w.reason()));
        }
        return numbered;
    }

    /** Totals per policy and period, optionally of one policy and one period. */
    public List<Totals> totals(String policyId, String period) {
        return jdbc.sql("""
                        SELECT * FROM ledger_totals WHERE (CAST(:policy AS text) IS NULL OR policy_id = :policy)
                          AND (CAST(:period AS text) IS NULL OR period = :period) ORDER BY policy_id, period""")
                .param("policy", policyId)
                .param("period", period)
                .query((rs, n) -> {
                    BigDecimal granted = rs.getBigDecimal("granted");
                    BigDecimal adjusted = rs.getBigDecimal("adjusted");
                    BigDecimal revoked = rs.getBigDecimal("revoked");
                    BigDecimal net = granted.add(adjusted).subtract(revoked);
                    BigDecimal budget = budgets.get(rs.getString("policy_id"));
                    return new Totals(
                            rs.getString("policy_id"),
                            rs.getString("period"),
                            rs.getLong("decisions"),
                            granted.toPlainString(),
                            adjusted.toPlainString(),
                            revoked.toPlainString(),
                            net.toPlainString(),
                            budget == null ? null : budget.setScale(2).toPlainString(),
                            budget == null
                                    ? null
                                    : budget.subtract(net).setScale(2).toPlainString());
                })
                .list();
    }

    /**
     * Writes every decision matching {@code filter} as CSV (UTF-8 with a byte-order mark, so that Excel
     * shows Chinese), row by row from a database cursor: memory stays flat whatever the number of rows.
     *
     * @return how many rows were written
     */
    public long exportCsv(SearchFilter filter, OutputStream out) {
        MapSqlParameterSource params = new MapSqlParameterSource();
        String sql = "SELECT " + COLUMNS + " FROM ledger_entry WHERE " + where(filter, params)
                + " ORDER BY occurred_at, sequence_no";
        Long rows = transactions.execute(status -> {
            Writer writer =
                    new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            long[] count = {0};
            try {
                writer.write('\uFEFF');
                writer.write(
                        "sequence,decided_at,type,decision_id,uscc,enterprise_name,policy_id,period,amount,previous_amount,"
                                + "recover_amount,related_decision_id,reason,entry_hash\r\n");
                JdbcTemplate streaming = new JdbcTemplate(plain.getDataSource());
                streaming.setFetchSize(2_000);
                new NamedParameterJdbcTemplate(streaming).query(sql, params, rs -> {
                    try {
                        writeRow(writer, entry(rs));
                        count[0]++;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return count[0];
        });
        return rows == null ? 0 : rows;
    }

    private static void writeRow(Writer writer, DecisionEntry e) throws IOException {
        String[] cells = {
            csv(Long.toString(e.sequence())),
            csv(e.decidedAt().toInstant().toString()),
            csv(e.type()),
            text(e.decisionId()),
            text(e.uscc()),
            csv(e.enterpriseName()),
            csv(e.policyId()),
            csv(e.period()),
            csv(e.amount()),
            csv(e.previousAmount()),
            csv(e.recoverAmount()),
            text(e.relatedDecisionId()),
            csv(e.reason()),
            text(e.entryHash())
        };
        writer.write(String.join(",", cells));
        writer.write("\r\n");
    }

    /**
     * An identifier (USCC, decision id, hash) as a cell a spreadsheet opens as text: {@code ="..."}, so that a USCC of
     * eighteen digits, or a hash such as {@code 1e10...}, is not turned into a rounded number. Anything that is not
     * plainly letters, digits and hyphens is written as an ordinary guarded cell.
     */
    static String text(String value) {
        if (value == null) {
            return "";
        }
        return PLAIN_ID.matcher(value).matches() ? "\"=\"\"" + value + "\"\"\"" : csv(value);
    }

    private static final java.util.regex.Pattern PLAIN_ID = java.util.regex.Pattern.compile("[0-9A-Za-z-]{1,128}");

    /**
     * RFC 4180 quoting; a cell that a spreadsheet would run as a formula (starting with =, +, -, @, a TAB or a carriage
     * return) is prefixed with an apostrophe, unless it is a plain number.
     */
    static String csv(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+(\\.\\d+)?")
                ? "'" + value
                : value;
        if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    private static StringBuilder where(SearchFilter filter, MapSqlParameterSource params) {
        StringBuilder where = new StringBuilder("event_type LIKE 'gov.benefit.%'");
        if (filter.uscc() != null) {
            where.append(" AND uscc = :uscc");
            params.addValue("uscc", filter.uscc());
        }
        if (filter.policyId() != null) {
            where.append(" AND policy_id = :policyId");
            params.addValue("policyId", filter.policyId());
        }
        if (filter.period() != null) {
            where.append(" AND period = :period");
            params.addValue("period", filter.period());
        }
        if (filter.type() != null) {
            where.append(" AND event_type = :type");
            params.addValue("type", filter.type());
        }
        if (filter.decidedFrom() != null) {
            where.append(" AND occurred_at >= :from");
            params.addValue("from", Timestamp.from(filter.decidedFrom()));
        }
        if (filter.decidedTo() != null) {
            where.append(" AND occurred_at < :to");
            params.addValue("to", Timestamp.from(filter.decidedTo()));
        }
        if (filter.minAmount() != null) {
            where.append(" AND COALESCE(amount, recover_amount) >= :minAmount");
            params.addValue("minAmount", filter.minAmount());
        }
        if (filter.maxAmount() != null) {
            where.append(" AND COALESCE(amount, recover_amount) <= :maxAmount");
            params.addValue("maxAmount", filter.maxAmount());
        }
        return where;
    }

    private static DecisionEntry entry(ResultSet rs) throws SQLException {
        return new DecisionEntry(
                rs.getLong("sequence_no"),
                rs.getString("decision_id"),
                rs.getString("event_type"),
                rs.getString("uscc"),
                rs.getString("enterprise_name"),
                rs.getString("policy_id"),
                rs.getString("period"),
                money(rs.getBigDecimal("amount")),
                money(rs.getBigDecimal("previous_amount")),
                money(rs.getBigDecimal("recover_amount")),
                rs.getString("related_decision_id"),
                rs.getString("reason"),
                rs.getObject("occurred_at", OffsetDateTime.class),
                rs.getString("entry_hash"));
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }

    static String encodeCursor(Instant at, long sequence) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString((at + "|" + sequence).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's decision time and sequence. */
    static String[] decodeCursor(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            Instant.parse(parts[0]);
            Long.parseLong(parts[1]);
            return parts;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cursor is not one this API gave out");
        }
    }
}
