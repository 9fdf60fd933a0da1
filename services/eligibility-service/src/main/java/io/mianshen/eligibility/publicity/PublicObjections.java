package io.mianshen.eligibility.publicity;

import io.mianshen.eligibility.config.EligibilitySettings;
import io.mianshen.support.web.DailyLimit;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Objections by anyone to a published grant (公示期内异议): accepted from the day the grant is published to the end of
 * its window's last day (China's time), while the grant stands; capped per grant and per contact per day
 * ({@code mianshen.publicity.objections-per-grant-per-day}, default 20; {@code ...-per-contact-per-day}, default 3).
 * The enterprise's own objection to its notice, raised in the window, counts the same ({@link #fromEnterprise}).
 * A grant with an objection is not final when its window closes: it waits, under review, for an officer's ruling.
 */
@Service
public class PublicObjections {

    /** The longest reason, in characters. */
    public static final int MAX_REASON = 2000;

    /**
     * An accepted objection.
     *
     * @param objectionId its id
     * @param decisionId  the grant objected to
     * @param raisedAt    when
     */
    public record Raised(UUID objectionId, UUID decisionId, Instant raisedAt) {}

    /** No grant of this id is published, or it no longer stands. */
    public static final class NotPublished extends RuntimeException {
        NotPublished(UUID decisionId) {
            super("no standing published grant " + decisionId);
        }
    }

    /** The window has not opened or has closed. */
    public static final class WindowClosed extends RuntimeException {
        private final LocalDate closesOn;

        WindowClosed(LocalDate opensOn, LocalDate closesOn) {
            super("objections to this grant were open from " + opensOn + " to the end of " + closesOn
                    + " (Asia/Shanghai)");
            this.closesOn = closesOn;
        }

        /** The window's last day. */
        public LocalDate closesOn() {
            return closesOn;
        }
    }

    private final JdbcClient jdbc;
    private final PublicityEvents events;
    private final Clock clock;
    private final int perGrantPerDay;
    private final int perContactPerDay;

    PublicObjections(JdbcClient jdbc, PublicityEvents events, Clock clock, EligibilitySettings settings) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
        this.perGrantPerDay = settings.publicity().objectionsPerGrantPerDay();
        this.perContactPerDay = settings.publicity().objectionsPerContactPerDay();
    }

    /** Records an objection to the published grant {@code decisionId}; the fields are checked by the caller. */
    @Transactional
    public Raised raise(UUID decisionId, String name, String contact, String reason) {
        // one grant's objections are counted one request at a time
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('publicity objections ' || ?))")
                .param(decisionId.toString())
                .query((rs, n) -> 1)
                .list();
        Window window = jdbc.sql("""
                        SELECT p.opens_on, p.closes_on, p.uscc, p.policy_id, p.period FROM publicity p
                        JOIN decision d ON d.decision_id = p.decision_id AND d.live WHERE p.decision_id = ?""")
                .param(decisionId)
                .query((rs, n) -> new Window(
                        rs.getDate("opens_on").toLocalDate(),
                        rs.getDate("closes_on").toLocalDate(),
                        rs.getString("uscc"),
                        rs.getString("policy_id"),
                        rs.getString("period")))
                .optional()
                .orElseThrow(() -> new NotPublished(decisionId));
        Instant now = clock.instant();
        LocalDate today = now.atZone(Publicity.CHINA).toLocalDate();
        if (today.isBefore(window.opensOn()) || today.isAfter(window.closesOn())) {
            throw new WindowClosed(window.opensOn(), window.closesOn());
        }
        DailyLimit.Day day = DailyLimit.Day.of(now);
        String normalizedContact = contact.strip().toLowerCase(Locale.ROOT);
        // and one contact's, across grants (always after the grant's lock: one order, no deadlock)
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('publicity objector ' || ?))")
                .param(normalizedContact)
                .query((rs, n) -> 1)
                .list();
        DailyLimit.require(
                count("decision_id = ? AND objector_kind = 'PUBLIC'", decisionId, day.start()),
                perGrantPerDay,
                "objections to one grant",
                day);
        DailyLimit.require(
                count("objector_contact = ?", normalizedContact, day.start()),
                perContactPerDay,
                "objections from one contact",
                day);
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO publicity_objection (objection_id, decision_id, objector_kind, objector_name, objector_contact, reason, raised_at)
                        VALUES (?, ?, 'PUBLIC', ?, ?, ?, ?)""")
                .params(id, decisionId, name.strip(), normalizedContact, reason.strip(), Timestamp.from(now))
                .update();
        events.objectionReceived(
                id, decisionId, window.uscc(), window.policyId(), window.period(), "PUBLIC", reason.strip(), now);
        return new Raised(id, decisionId, now);
    }

    private record Window(LocalDate opensOn, LocalDate closesOn, String uscc, String policyId, String period) {}

    /**
     * Records the enterprise's own objection to its notice of {@code decisionId} ({@code gov.notice.objection-raised.v1})
     * when that grant is published and the objection was raised in its window, once however often it is delivered.
     *
     * @return whether it is an objection to a grant in publicity (recorded now or before)
     */
    @Transactional
    public boolean fromEnterprise(UUID objectionId, UUID decisionId, String uscc, String text, Instant raisedAt) {
        LocalDate day = raisedAt.atZone(Publicity.CHINA).toLocalDate();
        var inserted = jdbc.sql("""
                        INSERT INTO publicity_objection (objection_id, decision_id, objector_kind, objector_name, objector_contact, reason, raised_at)
                        SELECT ?, p.decision_id, 'ENTERPRISE', p.enterprise_name, NULL, ?, ?
                        FROM publicity p WHERE p.decision_id = ? AND p.uscc = ? AND p.opens_on <= ? AND p.closes_on >= ?
                        ON CONFLICT (objection_id) DO NOTHING
                        RETURNING (SELECT policy_id FROM publicity WHERE decision_id = ?) AS policy_id,
                                  (SELECT period FROM publicity WHERE decision_id = ?) AS period""")
                .params(
                        objectionId,
                        text,
                        Timestamp.from(raisedAt),
                        decisionId,
                        uscc,
                        java.sql.Date.valueOf(day),
                        java.sql.Date.valueOf(day),
                        decisionId,
                        decisionId)
                .query((rs, n) -> new String[] {rs.getString("policy_id"), rs.getString("period")})
                .optional();
        inserted.ifPresent(key ->
                events.objectionReceived(objectionId, decisionId, uscc, key[0], key[1], "ENTERPRISE", text, raisedAt));
        return inserted.isPresent()
                || jdbc.sql("SELECT count(*) FROM publicity_objection WHERE objection_id = ?")
                                .param(objectionId)
                                .query(Integer.class)
                                .single()
                        > 0;
    }

    private int count(String condition, Object value, Timestamp since) {
        return jdbc.sql("SELECT count(*) FROM publicity_objection WHERE " + condition + " AND raised_at >= ?")
                .params(value, since)
                .query(Integer.class)
                .single();
    }
}
