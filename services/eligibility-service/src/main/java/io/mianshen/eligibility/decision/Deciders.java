package io.mianshen.eligibility.decision;

import io.mianshen.eligibility.config.EligibilitySettings;
import io.mianshen.policy.FactGroup;
import io.mianshen.support.tracing.Traces;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Re-decides the enterprises whose facts changed, apart from the listener that stored the facts: the
 * listener only queues the enterprise ({@link #queue}, in its own transaction), and decider threads take
 * the queue in batches, each batch one transaction that writes the decisions, their outbox entries and
 * removes the batch from the queue. While the deciders are behind, an enterprise whose facts arrive on
 * several topics waits once and is decided once, on all of them, instead of once per fact.
 * <p>
 * Deciders on any number of instances share the queue (rows locked, others skipped). A batch that fails
 * is retried one enterprise at a time; an enterprise that still fails is put back with its error and
 * tried again later, with growing pauses, while the others go on. Nothing leaves the queue undecided.
 * An enterprise's decisions are published in the trace of the fact event that queued it last.
 */
@Service
public class Deciders implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Deciders.class);
    private static final Duration LONGEST_RETRY_PAUSE = Duration.ofMinutes(10);

    private final PendingDecisions pending;
    private final DecisionService decisions;
    private final TransactionTemplate transactions;
    private final Traces traces;
    private final int threads;
    private final int batch;
    private final Duration idlePoll;
    private final Semaphore work = new Semaphore(0);
    private final List<Thread> running = new ArrayList<>();
    private volatile boolean stopping;

    Deciders(
            PendingDecisions pending,
            DecisionService decisions,
            TransactionTemplate transactions,
            Traces traces,
            MeterRegistry metrics,
            EligibilitySettings settings) {
        this.pending = pending;
        this.decisions = decisions;
        this.transactions = transactions;
        this.traces = traces;
        this.threads = settings.decisions().threads();
        this.batch = settings.decisions().batch();
        this.idlePoll = settings.decisions().idlePoll();
        Gauge.builder("mianshen.decisions.pending", pending::waiting)
                .description("enterprises whose facts changed, waiting to be re-decided")
                .register(metrics);
        Gauge.builder("mianshen.decisions.failing", pending::failing)
                .description("enterprises waiting to be re-decided after a failed attempt")
                .register(metrics);
    }

    /**
     * Queues enterprises to be re-decided after a change to facts of the kinds each maps to, in the
     * caller's transaction; the deciders are woken when it commits.
     *
     * @param traceparents the trace context of the latest change of each enterprise (none for some): its
     *                     decisions are published in that trace
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void queue(Map<String, ? extends Collection<FactGroup>> changed, Map<String, String> traceparents) {
        if (changed.isEmpty()) {
            return;
        }
        pending.add(changed, traceparents);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake();
            }
        });
    }

    private void wake() {
        if (work.availablePermits() < threads) {
            work.release();
        }
    }

    /** Decides batches until the queue has nothing ready, then waits to be woken (or polls, for other instances' entries). */
    private void decideWhileQueued() {
        while (!stopping) {
            try {
                int decided;
                do {
                    decided = decideBatch();
                } while (decided >= batch && !stopping);
                work.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the database is away, for instance: the queue keeps everything, try again after a pause
                log.warn("deciding the waiting enterprises failed; retrying: {}", e.getMessage());
                pause();
            }
        }
    }

    /** @return how many rows were taken from the queue */
    int decideBatch() {
        try {
            Integer taken = transactions.execute(status -> {
                PendingDecisions.Taken rows = pending.take(batch);
                decide(rows);
                return rows.rows().size();
            });
            return taken == null ? 0 : taken;
        } catch (RuntimeException batchFailed) {
            return decideOneByOne(batchFailed);
        }
    }

    /** Decides the enterprises of taken rows and removes the rows, in the caller's transaction. */
    private void decide(PendingDecisions.Taken taken) {
        if (!taken.isEmpty()) {
            traces.withOrigins(taken.traceparents(), () -> {
                decisions.reconsider(taken.changed());
                return null;
            });
            pending.done(taken);
        }
    }

    /** After a failed batch: each enterprise alone, so that only the one at fault waits. */
    private int decideOneByOne(RuntimeException batchFailed) {
        List<String> usccs = transactions.execute(
                status -> List.copyOf(pending.take(batch).changed().keySet()));
        if (usccs == null || usccs.isEmpty()) {
            throw batchFailed;
        }
        for (String uscc : usccs) {
            try {
                transactions.executeWithoutResult(status -> decide(pending.take(uscc)));
            } catch (RuntimeException e) {
                transactions.executeWithoutResult(status -> {
                    int attempts = pending.attempts(uscc) + 1;
                    Duration pause = retryPause(attempts);
                    log.warn(
                            "re-deciding {} failed (attempt {}), next attempt in {}: {}",
                            uscc,
                            attempts,
                            pause,
                            e.getMessage());
                    pending.failed(uscc, String.valueOf(e.getMessage()), pause);
                });
            }
        }
        return usccs.size();
    }

    /** 1 s, 2 s, 4 s, ... up to ten minutes. */
    static Duration retryPause(int attempts) {
        long seconds = 1L << Math.min(attempts - 1, 20);
        return seconds >= LONGEST_RETRY_PAUSE.toSeconds() ? LONGEST_RETRY_PAUSE : Duration.ofSeconds(seconds);
    }

    private void pause() {
        try {
            work.tryAcquire(idlePoll.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void start() {
        stopping = false;
        for (int i = 0; i < threads; i++) {
            Thread thread = new Thread(this::decideWhileQueued, "decider-" + i);
            thread.setDaemon(true);
            running.add(thread);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        stopping = true;
        work.release(threads);
        for (Thread thread : running) {
            try {
                thread.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    @Override
    public synchronized boolean isRunning() {
        return !running.isEmpty();
    }
}
