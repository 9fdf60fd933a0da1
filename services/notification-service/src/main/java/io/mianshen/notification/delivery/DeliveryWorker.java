package io.mianshen.notification.delivery;

import io.mianshen.notification.config.NoticeSettings;
import io.mianshen.notification.notices.NoticeEvents;
import io.mianshen.support.tracing.Traces;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers due e-mail and webhook notices, each channel on its own schedule so that one failing channel
 * never holds up another. A notice is claimed in a short transaction ({@code FOR UPDATE SKIP LOCKED}, several
 * instances share the work) that leases it for {@code delivery-lease}; the attempt is made with no transaction or
 * row lock held, and recorded in another. Webhooks run up to {@code webhook-concurrency} at once, so a receiver that
 * stalls holds one slot for at most its deadline while the other enterprises' webhooks go on. A failure is retried
 * after an exponential backoff with jitter, and after {@code max-attempts} the notice is failed with a
 * {@code gov.notice.failed.v1}. An instance that stops mid-attempt leaves the notice to be attempted again when its
 * lease ends: a receiver may see a notice twice, with the same {@code X-Mianshen-Notice-Id}.
 */
@Component
class DeliveryWorker implements SchedulingConfigurer {

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
    private final Traces traces;
    private final ExecutorService webhookSenders;
    private final Semaphore webhookSlots;

    DeliveryWorker(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            EmailChannel email,
            WebhookChannel webhook,
            NoticeEvents events,
            NoticeSettings settings,
            MeterRegistry metrics,
            Clock clock,
            Traces traces) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.email = email;
        this.webhook = webhook;
        this.events = events;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
        this.traces = traces;
        AtomicInteger threads = new AtomicInteger();
        this.webhookSenders = Executors.newFixedThreadPool(settings.webhookConcurrency(), task -> {
            Thread thread = new Thread(task, "webhook-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.webhookSlots = new Semaphore(settings.webhookConcurrency());
    }

    /** E-mails and webhooks are each looked for every {@code mianshen.notices.delivery-interval}, on their own schedule. */
    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::deliverEmails, settings.deliveryInterval());
        registrar.addFixedDelayTask(this::deliverWebhooks, settings.deliveryInterval());
    }

    void deliverEmails() {
        for (int i = 0; i < ROUND; i++) {
            Optional<PendingNotice> claimed = claim("EMAIL");
            if (claimed.isEmpty()) {
                return;
            }
            attempt(claimed.get());
        }
    }

    /** Claims due webhooks while a slot is free and hands each to a sender thread; returns at once. */
    void deliverWebhooks() {
        while (webhookSlots.tryAcquire()) {
            Optional<PendingNotice> claimed;
            try {
                claimed = claim("WEBHOOK");
            } catch (RuntimeException e) {
                webhookSlots.release();
                throw e;
            }
            if (claimed.isEmpty()) {
                webhookSlots.release();
                return;
            }
            try {
                webhookSenders.execute(() -> {
                    try {
                        attempt(claimed.get());
                    } finally {
                        webhookSlots.release();
                    }
                });
            } catch (RejectedExecutionException e) {
                // stopping: the lease brings the notice back later
                webhookSlots.release();
                return;
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        webhookSenders.shutdownNow();
        webhookSenders.awaitTermination(2, TimeUnit.SECONDS);
    }

    /** The next due notice of {@code channel}, leased to this instance for {@code delivery-lease}; committed at once. */
    private Optional<PendingNotice> claim(String channel) {
        return transactions.execute(status -> {
            Instant now = clock.instant();
            Optional<PendingNotice> due = jdbc.sql("""
                            SELECT * FROM notice WHERE status = 'PENDING' AND channel = ? AND next_attempt_at <= ?
                            ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                    .params(channel, Timestamp.from(now))
                    .query((rs, n) -> new PendingNotice(
                            rs.getObject("notice_id", UUID.class),
                            rs.getString("decision_id"),
                            rs.getString("uscc"),
                            rs.getString("channel"),
                            rs.getString("kind"),
                            rs.getString("policy_id"),
                            rs.getString("period"),
                            plain(rs.getBigDecimal("amount")),
                            plain(rs.getBigDecimal("recover_amount")),
                            rs.getString("title_zh"),
                            rs.getString("title_en"),
                            rs.getString("body_zh"),
                            rs.getString("body_en"),
                            rs.getObject("objection_deadline", LocalDate.class),
                            rs.getInt("attempts"),
                            rs.getObject("created_at", OffsetDateTime.class),
                            rs.getString("address"),
                            rs.getString("traceparent")))
                    .optional();
            due.ifPresent(notice -> jdbc.sql("UPDATE notice SET next_attempt_at = ? WHERE notice_id = ?")
                    .params(Timestamp.from(now.plus(settings.deliveryLease())), notice.noticeId())
                    .update());
            return due;
        });
    }

    /** One attempt, outside any transaction, then its record, in the trace of the decision the notice tells. */
    private void attempt(PendingNotice notice) {
        traces.continued(notice.traceparent(), "mianshen.notice.deliver", () -> {
            attemptInTrace(notice);
            return null;
        });
    }

    private void attemptInTrace(PendingNotice notice) {
        String channel = notice.channel();
        String error = null;
        String detail = null;
        try {
            if (channel.equals("EMAIL")) {
                email.send(notice);
            } else {
                webhook.send(notice);
            }
        } catch (DeliveryFailed e) {
            if (Thread.currentThread().isInterrupted()) {
                // the service is stopping: nothing is recorded, the lease brings the notice back
                return;
            }
            error = e.getMessage();
            detail = e.detail();
        } catch (RuntimeException e) {
            error = "the notice could not be delivered";
            detail = e.toString();
        }
        String failure = error;
        String failureDetail = detail;
        transactions.executeWithoutResult(status -> record(notice, failure, failureDetail));
    }

    private void record(PendingNotice notice, String error, String detail) {
        String channel = notice.channel();
        int attempt = notice.attempts() + 1;
        Instant now = clock.instant();
        // the notice is still this instance's only if no other instance took it after the lease ended
        boolean ours = jdbc.sql(
                        "SELECT 1 FROM notice WHERE notice_id = ? AND status = 'PENDING' AND attempts = ? FOR UPDATE")
                .params(notice.noticeId(), notice.attempts())
                .query(Integer.class)
                .optional()
                .isPresent();
        if (!ours) {
            log.warn(
                    "notice {} ({}) was attempted again elsewhere after its lease ended; this attempt is not recorded",
                    notice.noticeId(),
                    channel);
            return;
        }
        jdbc.sql(
                        "INSERT INTO delivery_attempt (notice_id, attempt, attempted_at, succeeded, error) VALUES (?, ?, ?, ?, ?)")
                .params(notice.noticeId(), attempt, Timestamp.from(now), error == null, detail)
                .update();
        if (error == null) {
            jdbc.sql(
                            "UPDATE notice SET status = 'DELIVERED', attempts = ?, delivered_at = ?, last_error = NULL WHERE notice_id = ?")
                    .params(attempt, Timestamp.from(now), notice.noticeId())
                    .update();
            events.delivered(notice.noticeId(), notice.decisionId(), notice.uscc(), channel, now);
            metrics.counter("mianshen.notices", "channel", channel, "outcome", "delivered")
                    .increment();
            metrics.timer("mianshen.notice.delivery", "channel", channel)
                    .record(Duration.between(notice.createdAt().toInstant(), now));
        } else if (attempt >= settings.maxAttempts()) {
            jdbc.sql("UPDATE notice SET status = 'FAILED', attempts = ?, last_error = ? WHERE notice_id = ?")
                    .params(attempt, error, notice.noticeId())
                    .update();
            events.failed(notice.noticeId(), notice.decisionId(), notice.uscc(), channel, attempt, error, now);
            metrics.counter("mianshen.notices", "channel", channel, "outcome", "failed")
                    .increment();
            log.warn("notice {} ({}) failed after {} attempts: {}", notice.noticeId(), channel, attempt, detail);
        } else {
            jdbc.sql("UPDATE notice SET attempts = ?, last_error = ?, next_attempt_at = ? WHERE notice_id = ?")
                    .params(attempt, error, Timestamp.from(now.plus(backoff(attempt))), notice.noticeId())
                    .update();
            metrics.counter("mianshen.notice.retries", "channel", channel).increment();
            log.info("notice {} ({}) attempt {} failed: {}", notice.noticeId(), channel, attempt, detail);
        }
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
