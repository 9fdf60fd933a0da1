package io.mianshen.notification.notices;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** An enterprise's inbox: its INBOX notices, unread first then newest, and their read marks. */
@Service
public class Inbox {

    /**
     * One page of the inbox.
     *
     * @param notices the notices of the page
     * @param page    its number, from 0
     * @param size    the page size asked for
     * @param total   notices in the inbox
     * @param unread  notices not yet read
     */
    public record Page(List<NoticeView> notices, int page, int size, long total, long unread) {}

    private final JdbcClient jdbc;

    Inbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Page {@code page} (from 0) of {@code size} notices of {@code uscc}, unread first, then newest first. */
    public Page list(String uscc, int page, int size) {
        List<NoticeView> notices = jdbc.sql("""
                        SELECT * FROM notice WHERE uscc = ? AND channel = 'INBOX'
                        ORDER BY (read_at IS NULL) DESC, created_at DESC, notice_id LIMIT ? OFFSET ?""")
                .params(uscc, size, (long) page * size)
                .query((rs, n) -> view(rs, deliveries(rs.getString("decision_id"))))
                .list();
        long[] counts = jdbc.sql(
                        "SELECT count(*) AS total, count(*) FILTER (WHERE read_at IS NULL) AS unread FROM notice WHERE uscc = ? AND channel = 'INBOX'")
                .param(uscc)
                .query((rs, n) -> new long[] {rs.getLong("total"), rs.getLong("unread")})
                .single();
        return new Page(notices, page, size, counts[0], counts[1]);
    }

    /** The inbox notice {@code noticeId} if it belongs to {@code uscc}. */
    public Optional<NoticeView> find(String uscc, UUID noticeId) {
        return jdbc.sql("SELECT * FROM notice WHERE notice_id = ? AND uscc = ? AND channel = 'INBOX'")
                .params(noticeId, uscc)
                .query((rs, n) -> view(rs, deliveries(rs.getString("decision_id"))))
                .optional();
    }

    /**
     * Marks the notice read (the first time only).
     *
     * @return the notice, if it belongs to {@code uscc}
     */
    @Transactional
    public Optional<NoticeView> markRead(String uscc, UUID noticeId) {
        jdbc.sql(
                        "UPDATE notice SET read_at = now() WHERE notice_id = ? AND uscc = ? AND channel = 'INBOX' AND read_at IS NULL")
                .params(noticeId, uscc)
                .update();
        return find(uscc, noticeId);
    }

    private List<NoticeView.Delivery> deliveries(String decisionId) {
        return jdbc.sql(
                        "SELECT channel, status, attempts, last_error, delivered_at FROM notice WHERE decision_id = ? ORDER BY channel")
                .param(decisionId)
                .query((rs, n) -> new NoticeView.Delivery(
                        rs.getString("channel"),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        rs.getString("last_error"),
                        rs.getObject("delivered_at", OffsetDateTime.class)))
                .list();
    }

    private static NoticeView view(ResultSet rs, List<NoticeView.Delivery> deliveries) throws SQLException {
        return new NoticeView(
                rs.getObject("notice_id", UUID.class),
                rs.getString("decision_id"),
                rs.getString("kind"),
                rs.getString("policy_id"),
                rs.getString("period"),
                money(rs.getBigDecimal("amount")),
                money(rs.getBigDecimal("recover_amount")),
                rs.getString("title_zh"),
                rs.getString("title_en"),
                rs.getString("body_zh"),
                rs.getString("body_en"),
                rs.getObject("objection_deadline", LocalDate.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("read_at", OffsetDateTime.class),
                deliveries);
    }

    private static String money(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
