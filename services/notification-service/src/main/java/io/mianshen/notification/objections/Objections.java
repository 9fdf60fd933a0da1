package io.mianshen.notification.objections;

import io.mianshen.notification.notices.Inbox;
import io.mianshen.notification.notices.NoticeEvents;
import io.mianshen.notification.notices.NoticeView;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

/**
 * Raises and lists objections. An objection is accepted until the end of the notice's deadline day
 * (China's time) and published as {@code gov.notice.objection-raised.v1} through the outbox.
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
    private final Clock clock;

    Objections(JdbcClient jdbc, Inbox inbox, NoticeEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.inbox = inbox;
        this.events = events;
        this.clock = clock;
    }

    /** Records {@code uscc}'s objection to the decision of its notice {@code noticeId}. */
    @Transactional
    public Objection raise(String uscc, UUID noticeId, String text) {
        NoticeView notice = inbox.find(uscc, noticeId).orElseThrow(() -> new NoSuchNotice(noticeId));
        Instant now = clock.instant();
        if (now.atZone(CHINA).toLocalDate().isAfter(notice.objectionDeadline())) {
            throw new WindowClosed(notice.objectionDeadline());
        }
        UUID objectionId = UUID.randomUUID();
        jdbc.sql("INSERT INTO objection (objection_id, notice_id, decision_id, uscc, text, raised_at) VALUES (?, ?, ?, ?, ?, ?)")
                .params(objectionId, noticeId, notice.decisionId(), uscc, text, Timestamp.from(now)).update();
        events.objectionRaised(objectionId, noticeId, notice.decisionId(), uscc, text, now);
        return new Objection(objectionId, noticeId, notice.decisionId(), text, now.atOffset(java.time.ZoneOffset.UTC));
    }

    /** Every objection of {@code uscc}, newest first. */
    public List<Objection> list(String uscc) {
        return jdbc.sql("SELECT * FROM objection WHERE uscc = ? ORDER BY raised_at DESC").param(uscc)
                .query((rs, n) -> new Objection(rs.getObject("objection_id", UUID.class), rs.getObject("notice_id", UUID.class),
                        rs.getString("decision_id"), rs.getString("text"), rs.getObject("raised_at", OffsetDateTime.class)))
                .list();
    }
}
