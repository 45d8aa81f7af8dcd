package dev.incidenttimeline.bot.queue;

import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.store.QueuedWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that drain a {@link WorkQueue}. Each piece of work is claimed and processed in
 * one transaction; on failure its writes are rolled back to a savepoint and the work is
 * retried later with exponential backoff (or after Slack's {@code Retry-After}), and parked
 * after {@code maxAttempts} or at once when retrying cannot help.
 */
public final class QueueWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);
    /** Pieces of work processed on one database handle before it is given back to the pool. */
    static final int PIECES_PER_HANDLE = 200;
    /** How long a claimed Slack call belongs to its worker before another may take it over. */
    static final Duration LEASE = Duration.ofMinutes(2);
    private static final String WORKER_ID = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

    private final Jdbi jdbi;
    private final WorkQueue queue;
    private final WorkProcessor processor;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration idlePoll;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object signal = new Object();
    /** Notified each time a piece of work is finished, by any thread; drain waits on it. */
    private final Object finished = new Object();
    private final List<Thread> threads = new ArrayList<>();

    public QueueWorker(Jdbi jdbi, WorkQueue queue, WorkProcessor processor, Clock clock, int maxAttempts,
            Duration idlePoll) {
        this.jdbi = jdbi;
        this.queue = queue;
        this.processor = processor;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.idlePoll = idlePoll;
    }

    public void start(int threadCount) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::loop, queue.name() + "-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** Tells idle workers that new work was just stored. */
    public void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void loop() {
        while (running.get()) {
            boolean worked;
            try {
                worked = runBatch();
            } catch (RuntimeException e) {
                log.warn("{} worker: database error, backing off: {}", queue.name(), e.getMessage());
                worked = false;
            }
            if (!worked && running.get()) {
                synchronized (signal) {
                    try {
                        signal.wait(idlePoll.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /**
     * Processes due work, one transaction a piece, on one handle for up to
     * {@link #PIECES_PER_HANDLE} pieces, so that a connection is taken from the pool once
     * for a run of work rather than once a piece.
     * Returns whether any work was done; an idle worker holds no connection.
     */
    private boolean runBatch() {
        int done = 0;
        try (Handle h = jdbi.open()) {
            while (done < PIECES_PER_HANDLE && running.get() && runOnce(h)) {
                done++;
            }
        }
        return done > 0;
    }

    /** Claims and processes one piece of work; returns false when none was due. */
    public boolean runOnce() {
        try (Handle h = jdbi.open()) {
            return runOnce(h);
        }
    }

    private boolean runOnce(Handle handle) {
        boolean worked = claimAndProcess(handle);
        if (worked) {
            synchronized (finished) {
                finished.notifyAll();
            }
        }
        return worked;
    }

    private boolean claimAndProcess(Handle handle) {
        return queue.leased() ? claimCallComplete(handle) : claimAndProcessInOneTransaction(handle);
    }

    /**
     * Claim, call, complete: the lease is taken in one short transaction, the work (a Slack
     * call) runs with no transaction open, and its outcome is recorded in another. A worker
     * that dies mid-call leaves its lease to run out, and the work is claimed again; the lease
     * is longer than any single call may take (the HTTP client's timeouts), so a live worker
     * never loses its lease and needs no heartbeat.
     */
    private boolean claimCallComplete(Handle handle) {
        Instant now = clock.instant();
        String worker = WORKER_ID + "/" + Thread.currentThread().getName();
        Optional<QueuedWork> claimed = handle.inTransaction(h -> queue.claimLeased(h, now, worker, now.plus(LEASE)));
        if (claimed.isEmpty()) {
            return false;
        }
        QueuedWork work = claimed.get();
        Exception failure = null;
        try {
            processor.process(handle, work);
        } catch (Exception e) {
            failure = e;
        }
        Exception f = failure;
        handle.useTransaction(h -> {
            if (f == null) {
                queue.markDone(h, work, clock.instant());
            } else {
                fail(h, work, f);
            }
        });
        return true;
    }

    private boolean claimAndProcessInOneTransaction(Handle handle) {
        return handle.inTransaction(h -> {
            Instant now = clock.instant();
            Optional<QueuedWork> claimed = queue.claimNext(h, now);
            if (claimed.isEmpty()) {
                return false;
            }
            QueuedWork work = claimed.get();
            h.savepoint("work");
            try {
                processor.process(h, work);
                h.releaseSavepoint("work");
                queue.markDone(h, work, clock.instant());
            } catch (Exception e) {
                // Undo the work's writes but keep the claim, and record the failure in the same transaction.
                h.rollbackToSavepoint("work");
                fail(h, work, e);
            }
            return true;
        });
    }

    /**
     * Drains every due piece of work (for tests and tools), and waits for due work that other
     * threads have claimed until it is finished; returns how many pieces this call handled.
     */
    public int drain() {
        int n = 0;
        while (true) {
            while (runOnce()) {
                n++;
            }
            if (!jdbi.withHandle(h -> queue.hasDue(h, clock.instant()))) {
                return n;
            }
            synchronized (finished) {
                try {
                    finished.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while draining " + queue.name(), e);
                }
            }
        }
    }

    private void fail(Handle h, QueuedWork work, Exception e) {
        int attempt = work.attempts() + 1;
        boolean retryable = !(e instanceof DomainException)
                && !(e instanceof RetryableFailure f && !f.retryable());
        boolean park = !retryable || attempt >= maxAttempts;
        Duration wait = backoff(attempt);
        if (e instanceof RetryableFailure f && f.retryAfter().isPresent()) {
            wait = f.retryAfter().get();
        }
        String error = e.getClass().getSimpleName() + ": " + e.getMessage();
        if (error.length() > 1000) {
            error = error.substring(0, 1000);
        }
        Instant next = clock.instant().plus(wait);
        queue.markFailed(h, work, error, next, park);
        if (park) {
            log.error("{} {} of {} parked after {} attempt(s): {}", queue.name(), work.key(), work.teamId(), attempt,
                    error, e instanceof RetryableFailure || e instanceof DomainException ? null : e);
        } else {
            log.warn("{} {} of {} failed (attempt {}), retrying in {} ms: {}", queue.name(), work.key(),
                    work.teamId(), attempt, wait.toMillis(), error);
        }
    }

    static Duration backoff(int attempt) {
        return RetryPolicy.QUEUE.delay(attempt);
    }

    @Override
    public void close() {
        running.set(false);
        wake();
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
