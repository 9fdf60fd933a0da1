package io.mianshen.notification.objections;

import io.mianshen.notification.config.ObjectionSettings;
import io.mianshen.notification.notices.Inbox;
import io.mianshen.notification.notices.NoticeEvents;
import io.mianshen.notification.notices.NoticeView;
import io.mianshen.support.web.DailyLimit;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Raises and lists objections. An objection is accepted until the end of the notice's deadline day
 * (China's time) and published as {@code gov.notice.objection-raised.v1} through the outbox. Objections are capped
 * per notice and per enterprise per day in China's time ({@code mianshen.objections.per-notice-per-day}, default 3;
 * {@code mianshen.objections.per-enterprise-per-day}, default 20).
 */
@Service
public class Objections {

    /** The longest objection text, in characters. */
    public static final int MAX_TEXT = 2000;

    private static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    /** The notice is not in the caller's inbox. */
    public static final class NoSuchNotice extends RuntimeException {
        NoSuchNotice(UUID noticeId) {
            super("no notice " + noticeId + " in this enterprise's inbox");
        }
    }

    /** A ruling on review is not objected to here: it is open to administrative reconsideration or a lawsuit. */
    public static final class RulingNotObjectable extends RuntimeException {
        RulingNotObjectable() {
            super(
                    "a ruling on an objection is not objected to again here; it is open to administrative reconsideration (行政复议)"
                            + " or an administrative lawsuit");
        }
    }

    /** The deadline to object has passed. */
    public static final class WindowClosed extends RuntimeException {
        private final LocalDate deadline;

        WindowClosed(LocalDate deadline) {
            super("the objection window closed at the end of " + deadline + " (Asia/Shanghai)");
            this.deadline = deadline;
        }

        public LocalDate deadline() {
            return deadline;
        }
    }

    private final JdbcClient jdbc;
    private final Inbox inbox;
    private final NoticeEvents events;
    private final int perNoticePerDay;
    private final int perEnterprisePerDay;
    private final Clock clock;

    Objections(JdbcClient jdbc, Inbox inbox, NoticeEvents events, Clock clock, ObjectionSettings settings) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.events = events;
        this.clock = clock;
        this.perNoticePerDay = settings.perNoticePerDay();
        this.perEnterprisePerDay = settings.perEnterprisePerDay();
    }

    /** Records {@code uscc}'s objection to the decision of its notice {@code noticeId}. */
    @Transactional
    public Objection raise(String uscc, UUID noticeId, String text) {
        NoticeView notice = inbox.find(uscc, noticeId).orElseThrow(() -> new NoSuchNotice(noticeId));
        if (notice.kind().startsWith("RULING")) {
            throw new RulingNotObjectable();
        }
        Instant now = clock.instant();
        LocalDate today = now.atZone(CHINA).toLocalDate();
        if (today.isAfter(notice.objectionDeadline())) {
            throw new WindowClosed(notice.objectionDeadline());
        }
        // one enterprise's objections are counted one request at a time
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('objections ' || ?))")
                .param(uscc)
                .query((rs, n) -> 1)
                .list();
        DailyLimit.Day day = DailyLimit.Day.of(now);
        DailyLimit.require(
                count("notice_id = ?", noticeId, day.start()), perNoticePerDay, "objections to one notice", day);
        DailyLimit.require(
                count("uscc = ?", uscc, day.start()), perEnterprisePerDay, "objections from one enterprise", day);
        UUID objectionId = UUID.randomUUID();
        jdbc.sql(
                        "INSERT INTO objection (objection_id, notice_id, decision_id, uscc, text, raised_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(objectionId, noticeId, notice.decisionId(), uscc, text, Timestamp.from(now))
                .update();
        events.objectionRaised(objectionId, noticeId, notice.decisionId(), uscc, text, now);
        return new Objection(objectionId, noticeId, notice.decisionId(), text, now.atOffset(java.time.ZoneOffset.UTC));
    }

    private int count(String condition, Object value, Timestamp since) {
        return jdbc.sql("SELECT count(*) FROM objection WHERE " + condition + " AND raised_at >= ?")
                .params(value, since)
                .query(Integer.class)
                .single();
    }

    /** Every objection of {@code uscc}, newest first. */
    public List<Objection> list(String uscc) {
        return jdbc.sql("SELECT * FROM objection WHERE uscc = ? ORDER BY raised_at DESC")
                .param(uscc)
                .query((rs, n) -> new Objection(
                        rs.getObject("objection_id", UUID.class),
                        rs.getObject("notice_id", UUID.class),
                        rs.getString("decision_id"),
                        rs.getString("text"),
                        rs.getObject("raised_at", OffsetDateTime.class)))
                .list();
    }
}
