package io.mianshen.eligibility.publicity;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The publicity list (公示): a granted or increased cash benefit of a policy with {@code publicity: {workingDays: N}}
 * enters it when decided, in the deciding transaction; it is shown from the day it was decided (China's time) to the
 * end of the N-th working day after ({@link WorkingCalendar}); only while its decision stands (a grant revoked or
 * replaced meanwhile leaves the list). After its window the grant is final.
 */
@Component
public class Publicity {

    /** Publicity runs on China's calendar and time. */
    public static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private static final Logger log = LoggerFactory.getLogger(Publicity.class);

    /**
     * A grant entering publicity.
     *
     * @param decisionId     the granted or adjusted decision
     * @param uscc           the enterprise
     * @param enterpriseName its registered name, as published
     * @param policyId       the policy
     * @param policyVersion  its version that decided
     * @param period         the period decided
     * @param amount         the amount granted, in CNY
     * @param basisDocument  the legal basis: the document
     * @param basisArticle   and its article
     * @param workingDays    how long it is published
     */
    public record Entry(
            UUID decisionId,
            String uscc,
            String enterpriseName,
            String policyId,
            int policyVersion,
            String period,
            BigDecimal amount,
            String basisDocument,
            String basisArticle,
            int workingDays) {}

    /**
     * A grant as the public list shows it.
     *
     * @param decisionId     the decision, to object to
     * @param enterpriseName the enterprise's name
     * @param uscc           its unified social credit code
     * @param policyId       the policy
     * @param policyVersion  the version that decided
     * @param period         the period
     * @param amount         the amount in CNY as a decimal string, to the fen ("100000.00")
     * @param basisDocument  the legal basis: the document
     * @param basisArticle   and its article
     * @param opensOn        the first day of publicity
     * @param closesOn       the last day (objections until its end, China's time)
     */
    public record Published(
            UUID decisionId,
            String enterpriseName,
            String uscc,
            String policyId,
            int policyVersion,
            String period,
            String amount,
            String basisDocument,
            String basisArticle,
            LocalDate opensOn,
            LocalDate closesOn) {}

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;
    private final WorkingCalendar calendar;
    private final PublicityEvents events;
    private final Clock clock;

    Publicity(JdbcClient jdbc, JdbcTemplate batch, WorkingCalendar calendar, PublicityEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.batch = batch;
        this.calendar = calendar;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Enters each grant into the list, decided at {@code decidedAt}, with its {@code gov.publicity.opened.v1}; in the
     * caller's transaction.
     */
    public void enter(List<Entry> entries, Instant decidedAt) {
        if (entries.isEmpty()) {
            return;
        }
        LocalDate opensOn = decidedAt.atZone(CHINA).toLocalDate();
        List<LocalDate> closesOn = entries.stream()
                .map(entry -> closesOn(opensOn, entry.workingDays()))
                .toList();
        batch.batchUpdate("""
                        INSERT INTO publicity (decision_id, uscc, enterprise_name, policy_id, policy_version, period, amount, basis_document,
                                               basis_article, opens_on, closes_on, entered_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (decision_id) DO NOTHING""", entries, entries.size(), (statement, entry) -> {
            statement.setObject(1, entry.decisionId());
            statement.setString(2, entry.uscc());
            statement.setString(3, entry.enterpriseName() == null ? "" : entry.enterpriseName());
            statement.setString(4, entry.policyId());
            statement.setInt(5, entry.policyVersion());
            statement.setString(6, entry.period());
            statement.setBigDecimal(7, entry.amount());
            statement.setString(8, entry.basisDocument());
            statement.setString(9, entry.basisArticle());
            statement.setDate(10, Date.valueOf(opensOn));
            statement.setDate(11, Date.valueOf(closesOn(opensOn, entry.workingDays())));
            statement.setTimestamp(12, Timestamp.from(decidedAt));
        });
        events.opened(entries, closesOn, opensOn, decidedAt);
    }

    /**
     * The last day of a window opened on {@code opensOn}; a year the calendar does not list is counted Monday to
     * Friday and logged at ERROR, so that decisions go on while an officer adds the year.
     */
    LocalDate closesOn(LocalDate opensOn, int workingDays) {
        return calendar.workingDaysAfterOrWeekdays(
                opensOn,
                workingDays,
                uncovered -> log.error("{}; this window is counted Monday to Friday", uncovered.getMessage()));
    }

    /** Today in China. */
    public LocalDate today() {
        return clock.instant().atZone(CHINA).toLocalDate();
    }

    /**
     * The grants published today whose decisions still stand, by policy and period when given, the oldest window
     * first, then by USCC.
     */
    public List<Published> publishedOn(LocalDate day, String policyId, String period, int limit, int offset) {
        return jdbc.sql("""
                        SELECT p.* FROM publicity p JOIN decision d ON d.decision_id = p.decision_id AND d.live
                        WHERE p.opens_on <= ? AND p.closes_on >= ? AND (CAST(? AS text) IS NULL OR p.policy_id = ?)
                          AND (CAST(? AS text) IS NULL OR p.period = ?)
                        ORDER BY p.opens_on, p.uscc, p.policy_id, p.period LIMIT ? OFFSET ?""")
                .params(Date.valueOf(day), Date.valueOf(day), policyId, policyId, period, period, limit, offset)
                .query((rs, n) -> published(rs))
                .list();
    }

    /** Every grant of {@code uscc} that was published, newest first, whether it still stands or not. */
    public List<Standing> ofEnterprise(String uscc) {
        return jdbc.sql("""
                        SELECT p.*, d.live, (SELECT count(*) FROM publicity_objection o WHERE o.decision_id = p.decision_id) AS objections,
                               (SELECT count(*) FROM publicity_objection o WHERE o.decision_id = p.decision_id AND o.ruling_id IS NULL) AS open,
                               (SELECT r.ruling_id FROM review_ruling r WHERE r.decision_id = p.decision_id ORDER BY r.ruled_at DESC LIMIT 1) AS ruling,
                               (SELECT r.outcome FROM review_ruling r WHERE r.decision_id = p.decision_id ORDER BY r.ruled_at DESC LIMIT 1) AS outcome
                        FROM publicity p JOIN decision d ON d.decision_id = p.decision_id
                        WHERE p.uscc = ? ORDER BY p.entered_at DESC, p.policy_id, p.period""")
                .param(uscc)
                .query((rs, n) -> new Standing(
                        published(rs),
                        rs.getBoolean("live"),
                        rs.getInt("objections"),
                        rs.getInt("open"),
                        rs.getDate("final_on") == null
                                ? null
                                : rs.getDate("final_on").toLocalDate(),
                        rs.getObject("ruling", UUID.class),
                        rs.getString("outcome")))
                .list();
    }

    /**
     * A published grant, whether its decision still stands, and its objections and ruling.
     *
     * @param grant          as published
     * @param standing       false when a later decision replaced or revoked it (an upheld ruling among them)
     * @param objections     objections raised during its window
     * @param openObjections those no ruling has answered yet
     * @param finalOn        the day it became final, once recorded
     * @param rulingId       the latest ruling on it, or null
     * @param rulingOutcome  its outcome: UPHELD or REJECTED
     */
    public record Standing(
            Published grant,
            boolean standing,
            int objections,
            int openObjections,
            LocalDate finalOn,
            UUID rulingId,
            String rulingOutcome) {}

    private static Published published(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Published(
                rs.getObject("decision_id", UUID.class),
                rs.getString("enterprise_name"),
                rs.getString("uscc"),
                rs.getString("policy_id"),
                rs.getInt("policy_version"),
                rs.getString("period"),
                rs.getBigDecimal("amount")
                        .setScale(2, java.math.RoundingMode.UNNECESSARY)
                        .toPlainString(),
                rs.getString("basis_document"),
                rs.getString("basis_article"),
                rs.getDate("opens_on").toLocalDate(),
                rs.getDate("closes_on").toLocalDate());
    }
}
