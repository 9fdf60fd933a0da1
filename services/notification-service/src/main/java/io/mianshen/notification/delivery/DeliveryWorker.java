package io.mianshen.notification.delivery;

import io.mianshen.notification.config.NoticeSettings;
import io.mianshen.notification.notices.NoticeEvents;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Delivers due e-mail and webhook notices, each channel on its own schedule so that one failing channel
 * never holds up another. A notice is claimed with {@code FOR UPDATE SKIP LOCKED} (several instances
 * share the work), one attempt is made and recorded; a failure is retried after an exponential backoff
 * with jitter, and after {@code max-attempts} the notice is failed with a {@code gov.notice.failed.v1}.
 */
@Component
class DeliveryWorker {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);
    /** Notices attempted per channel per round. */
    private static final int ROUND = 50;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final EmailChannel email;
    private final WebhookChannel webhook;
    private final NoticeEvents events;
    private final NoticeSettings settings;
    private final MeterRegistry metrics;
    private final Clock clock;

    DeliveryWorker(JdbcClient jdbc, TransactionTemplate transactions, EmailChannel email, WebhookChannel webhook, NoticeEvents events,
                   NoticeSettings settings, MeterRegistry metrics, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.email = email;
        this.webhook = webhook;
        this.events = events;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "${mianshen.notices.delivery-interval:250ms}")
    void deliverEmails() {
        deliverDue("EMAIL");
    }

    @Scheduled(fixedDelayString = "${mianshen.notices.delivery-interval:250ms}")
    void deliverWebhooks() {
        deliverDue("WEBHOOK");
    }

    private void deliverDue(String channel) {
        for (int i = 0; i < ROUND; i++) {
            if (!Boolean.TRUE.equals(transactions.execute(status -> attemptOne(channel)))) {
                return;
            }
        }
    }

    private boolean attemptOne(String channel) {
        Optional<PendingNotice> due = jdbc.sql("""
                        SELECT * FROM notice WHERE status = 'PENDING' AND channel = ? AND next_attempt_at <= ?
                        ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .params(channel, Timestamp.from(clock.instant()))
                .query((rs, n) -> new PendingNotice(rs.getObject("notice_id", UUID.class), rs.getString("decision_id"), rs.getString("uscc"),
                        rs.getString("channel"), rs.getString("kind"), rs.getString("policy_id"), rs.getString("period"),
                        plain(rs.getBigDecimal("amount")), plain(rs.getBigDecimal("recover_amount")), rs.getString("title_zh"),
                        rs.getString("title_en"), rs.getString("body_zh"), rs.getString("body_en"), rs.getObject("objection_deadline", LocalDate.class),
                        rs.getInt("attempts"), rs.getObject("created_at", OffsetDateTime.class)))
                .optional();
        if (due.isEmpty()) {
            return false;
        }
        PendingNotice notice = due.get();
        int attempt = notice.attempts() + 1;
        String error = null;
        try {
            if (channel.equals("EMAIL")) {
                email.send(notice);
            } else {
                webhook.send(notice);
            }
        } catch (DeliveryFailed e) {
            error = e.getMessage();
        } catch (RuntimeException e) {
            error = e.toString();
        }
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO delivery_attempt (notice_id, attempt, attempted_at, succeeded, error) VALUES (?, ?, ?, ?, ?)")
                .params(notice.noticeId(), attempt, Timestamp.from(now), error == null, error).update();
        if (error == null) {
            jdbc.sql("UPDATE notice SET status = 'DELIVERED', attempts = ?, delivered_at = ?, last_error = NULL WHERE notice_id = ?")
                    .params(attempt, Timestamp.from(now), notice.noticeId()).update();
            events.delivered(notice.noticeId(), notice.decisionId(), notice.uscc(), channel, now);
            metrics.counter("mianshen.notices", "channel", channel, "outcome", "delivered").increment();
            metrics.timer("mianshen.notice.delivery", "channel", channel).record(Duration.between(notice.createdAt().toInstant(), now));
        } else if (attempt >= settings.maxAttempts()) {
            jdbc.sql("UPDATE notice SET status = 'FAILED', attempts = ?, last_error = ? WHERE notice_id = ?")
                    .params(attempt, error, notice.noticeId()).update();
            events.failed(notice.noticeId(), notice.decisionId(), notice.uscc(), channel, attempt, error, now);
            metrics.counter("mianshen.notices", "channel", channel, "outcome", "failed").increment();
            log.warn("notice {} ({}) failed after {} attempts: {}", notice.noticeId(), channel, attempt, error);
        } else {
            jdbc.sql("UPDATE notice SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE notice_id = ?")
                    .params(attempt, error, Timestamp.from(now.plus(backoff(attempt))), notice.noticeId()).update();
            metrics.counter("mianshen.notice.retries", "channel", channel).increment();
        }
        return true;
    }

    /** Exponential backoff from the first retry, capped, with half of it random ("equal jitter"). */
    Duration backoff(int attempt) {
        long first = settings.firstRetry().toMillis();
        long capped = Math.min(settings.maxRetry().toMillis(), first << Math.min(attempt - 1, 30));
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
