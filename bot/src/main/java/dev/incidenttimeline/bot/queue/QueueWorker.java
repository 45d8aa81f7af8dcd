package dev.incidenttimeline.bot.queue;

import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.store.QueuedWork;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleConsumer;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Threads that drain a {@link WorkQueue}. Work is claimed in batches and processed in one
 * transaction a batch, a savepoint a piece; on failure a piece's writes are rolled back to
 * its savepoint and it is retried later with exponential backoff (or after Slack's {@code Retry-After}), and parked
 * after {@code maxAttempts} or at once when retrying cannot help.
 */
public final class QueueWorker implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(QueueWorker.class);
    /** Pieces of work a worker processes before it checks on its handle (see {@link #loop}). */
    static final int PIECES_PER_RUN = 200;
    /** How often the outcome of a call made while the database was away is tried again. */
    static final Duration RECORD_RETRY = Duration.ofMillis(250);
    /** How long a worker that finds no work keeps its handle. */
    static final Duration KEEP_IDLE_HANDLE = Duration.ofSeconds(1);
    /** How long a worker keeps one handle at most. */
    static final Duration HANDLE_LIFETIME = Duration.ofMinutes(10);
    /** The most pieces of work one transaction claims and processes (the inbox). */
    static final int BATCH = 50;
    /** The most Slack calls leased at once (the outbox); each is still called and completed on its own. */
    static final int LEASED_BATCH = 10;
    /** How long work waiting for its {@link FetchFirst} fetch is kept from other workers (longer than any call). */
    static final int FETCH_LEASE_SECONDS = 60;
    /** How long a claimed Slack call belongs to its worker before another may take it over. */
    static final Duration LEASE = Duration.ofMinutes(2);
    /**
     * How long a worker whose claimed work all waits for other work ({@link TryAgain}) lets the
     * other workers finish before it claims again; it goes on as soon as any of them finishes.
     */
    static final Duration WAIT_FOR_OTHERS = Duration.ofMillis(50);
    /** How often a worker that stepped back (see {@link #start(int, BooleanSupplier)}) looks again. */
    static final Duration STEP_BACK = Duration.ofMillis(20);
    private static final String WORKER_ID = java.lang.management.ManagementFactory.getRuntimeMXBean().getName();

    private final Jdbi jdbi;
    private final WorkQueue queue;
    private final WorkProcessor processor;
    private final Clock clock;
    private final int maxAttempts;
    private final Duration idlePoll;
    private final AtomicBoolean running = new AtomicBoolean();
    private final Object signal = new Object();
    /** Notified each time work is finished, by any thread; drain and waiting workers wait on it. */
    private final Object finished = new Object();
    /** How many times work was finished; guarded by {@link #finished}. */
    private long finishedCount;
    private final List<Thread> threads = new ArrayList<>();
    private volatile BooleanSupplier stepBack = () -> false;
    /** Work whose {@link FetchFirst} fetch has run and that has not been processed since. */
    private final java.util.Set<String> fetchedFor = java.util.concurrent.ConcurrentHashMap.newKeySet();

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
        start(threadCount, () -> false);
    }

    /**
     * Starts {@code threadCount} workers, of which all but the first step back while
     * {@code stepBack} holds: they finish the batch they are in, claim nothing more, and look
     * again every {@link #STEP_BACK}. What is queued is stored already; while requests that
     * must be answered first are waiting (Slack's deliveries, see {@code DeliveriesInFlight}),
     * the cores are theirs, and the first worker alone keeps the queue moving.
     */
    public void start(int threadCount, BooleanSupplier stepBack) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        this.stepBack = stepBack;
        for (int i = 0; i < threadCount; i++) {
            boolean lead = i == 0;
            Thread t = new Thread(() -> loop(lead), queue.name() + "-worker-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /**
     * Tells one idle worker that new work was just stored. A worker that finds more work than
     * it can take at once wakes the next, so a burst brings every worker in and a trickle
     * keeps the others asleep.
     */
    public void wake() {
        synchronized (signal) {
            signal.notify();
        }
    }

    /** What a worker's run of batches came to. */
    private enum Run { WORKED, WAITING, IDLE, STEPPED_BACK }

    /** How one claim went: pieces claimed, and pieces done, failed or set aside (not waiting). */
    private record Batch(int claimed, int progressed) {
    }

    /**
     * A worker keeps one handle while work keeps coming, so that what a handle sets up once
     * (its attached repositories, see {@code AttachedRepositories}) serves many batches and
     * not one event each when events trickle in. It gives the handle back once it has found
     * no work for {@link #KEEP_IDLE_HANDLE} (an idle worker holds no connection: it polls on
     * a handle it closes again), after {@link #HANDLE_LIFETIME} (so that the pool can retire
     * the connection), and on any database error (the connection may be broken).
     */
    private void loop(boolean lead) {
        Handle handle = null;
        long openedAt = 0;
        long lastWorked = System.nanoTime() - KEEP_IDLE_HANDLE.toNanos() - 1;
        try {
            while (running.get()) {
                long seen = finishedCount();
                Run run;
                try {
                    if (!lead && stepBack.getAsBoolean()) {
                        run = Run.STEPPED_BACK;
                    } else {
                        if (handle == null) {
                            handle = jdbi.open();
                            openedAt = System.nanoTime();
                        }
                        run = runBatch(handle, lead);
                    }
                } catch (RuntimeException e) {
                    log.warn("{} worker: database error, backing off: {}", queue.name(), e.getMessage());
                    handle = closeQuietly(handle);
                    run = Run.IDLE;
                }
                long now = System.nanoTime();
                if (run != Run.IDLE && run != Run.STEPPED_BACK) {
                    lastWorked = now;
                }
                if (handle != null && (now - openedAt > HANDLE_LIFETIME.toNanos()
                        || ((run == Run.IDLE || run == Run.STEPPED_BACK)
                                && now - lastWorked > KEEP_IDLE_HANDLE.toNanos()))) {
                    handle = closeQuietly(handle);
                }
                if (run == Run.STEPPED_BACK) {
                    TimeUnit.NANOSECONDS.sleep(STEP_BACK.toNanos());
                } else if (run == Run.WAITING) {
                    awaitFinishedSince(seen, WAIT_FOR_OTHERS);
                } else if (run == Run.IDLE && running.get()) {
                    synchronized (signal) {
                        signal.wait(idlePoll.toMillis());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(handle);
        }
    }

    private Handle closeQuietly(Handle handle) {
        if (handle != null) {
            try {
                handle.close();
            } catch (RuntimeException e) {
                log.debug("{} worker: closing a handle failed: {}", queue.name(), e.getMessage());
            }
        }
        return null;
    }

    private long finishedCount() {
        synchronized (finished) {
            return finishedCount;
        }
    }

    /** Waits until work is finished by any thread after {@code seen}, or for {@code most}. */
    private void awaitFinishedSince(long seen, Duration most) throws InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        synchronized (finished) {
            long left;
            while (finishedCount == seen && running.get() && (left = deadline - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(finished, left);
            }
        }
    }

    /**
     * Processes due work for up to {@link #PIECES_PER_RUN} pieces, then lets the loop look at
     * its handle. A worker whose claimed work all waits for other work ({@link TryAgain})
     * gives the others time rather than claiming the same work again at once.
     */
    private Run runBatch(Handle h, boolean lead) {
        int done = 0;
        while (done < PIECES_PER_RUN && running.get()) {
            if (done > 0 && !lead && stepBack.getAsBoolean()) {
                return Run.WORKED;
            }
            Batch b = runOnce(h);
            if (b.progressed() == 0) {
                return done > 0 ? Run.WORKED : b.claimed() > 0 ? Run.WAITING : Run.IDLE;
            }
            done += b.progressed();
        }
        return done > 0 ? Run.WORKED : Run.IDLE;
    }

    /** Claims and processes one batch of due work; returns false when none was due, or all of it waits. */
    public boolean runOnce() {
        try (Handle h = jdbi.open()) {
            return runOnce(h).progressed() > 0;
        }
    }

    private Batch runOnce(Handle handle) {
        Batch b;
        if (queue.leased()) {
            int calls = claimCallComplete(handle);
            b = new Batch(calls, calls);
        } else {
            b = claimAndProcessBatch(handle);
        }
        if (b.progressed() > 0) {
            synchronized (finished) {
                finishedCount++;
                finished.notifyAll();
            }
        }
        return b;
    }

    /**
     * Claim, call, complete: leases are taken in one short transaction, for up to
     * {@link #LEASED_BATCH} pieces of work, each piece (a Slack call) runs with no transaction
     * open, and its outcome is recorded in another short transaction straight after. A worker
     * that dies mid-call leaves its leases to run out, and the work is claimed again. The lease
     * is longer than any single call may take (the HTTP client's timeouts), so a live worker
     * never loses its lease and needs no heartbeat: a piece whose lease is more than half gone
     * before its call starts is given back instead, as are those left when the worker stops or
     * when Slack answers a call with {@code Retry-After}.
     * Returns how many pieces were claimed.
     */
    private int claimCallComplete(Handle handle) {
        Instant now = clock.instant();
        String worker = WORKER_ID + "/" + Thread.currentThread().getName();
        Instant leaseUntil = now.plus(LEASE);
        List<QueuedWork> claimed = handle.inTransaction(h -> queue.claimLeased(h, now, worker, leaseUntil,
                LEASED_BATCH));
        wakeAnotherIfFull(claimed.size(), LEASED_BATCH);
        for (int i = 0; i < claimed.size(); i++) {
            if (!running.get() || clock.instant().isAfter(leaseUntil.minus(LEASE.dividedBy(2)))) {
                List<QueuedWork> unrun = claimed.subList(i, claimed.size());
                handle.useTransaction(h -> queue.release(h, unrun));
                break;
            }
            QueuedWork work = claimed.get(i);
            Exception failure = null;
            try {
                processor.process(handle, work);
            } catch (Exception e) {
                failure = e;
            }
            Exception f = failure;
            boolean slowDown = f instanceof RetryableFailure r && r.retryAfter().isPresent();
            List<QueuedWork> rest = claimed.subList(i + 1, claimed.size());
            List<QueuedWork> unrun = slowDown ? rest : List.of();
            boolean handleWorks = recordOutcome(handle, leaseUntil, h -> {
                if (f == null) {
                    queue.markDone(h, work, clock.instant());
                } else {
                    fail(h, work, f);
                }
                if (!unrun.isEmpty()) {
                    // Slack asked us to slow down: the rest waits for the next claim.
                    queue.release(h, unrun);
                }
            });
            if (!handleWorks) {
                // The connection went away mid-batch: give back the rest on a fresh one, and let
                // the loop give back this handle rather than run the rest on a broken connection.
                if (!slowDown && !rest.isEmpty()) {
                    jdbi.useTransaction(h -> queue.release(h, rest));
                }
                throw new IllegalStateException("the database connection was lost during a batch of "
                        + queue.name() + " work; its outcome was recorded, the rest is given back");
            }
            if (slowDown) {
                break;
            }
        }
        return claimed.size();
    }

    /** A worker that claimed as much as it takes at once brings in another, for what may be left. */
    private void wakeAnotherIfFull(int claimed, int most) {
        if (claimed >= most) {
            wake();
        }
    }

    /**
     * Records what a call did. The call has been made, so its record must not be lost to a
     * database that is briefly away (a restart, a failover): that would make the call again
     * once the lease runs out. When the connection was lost, it is tried again on fresh
     * connections while the lease holds; any other failure is thrown at once. Returns false
     * when it was recorded on a fresh connection: {@code handle} is broken.
     */
    private boolean recordOutcome(Handle handle, Instant leaseUntil, HandleConsumer<RuntimeException> record) {
        try {
            handle.useTransaction(record);
            return true;
        } catch (RuntimeException first) {
            if (!connectionLost(first)) {
                throw first;
            }
            RuntimeException last = first;
            while (connectionLost(last) && clock.instant().plus(RECORD_RETRY).isBefore(leaseUntil)) {
                try {
                    TimeUnit.MILLISECONDS.sleep(RECORD_RETRY.toMillis());
                    jdbi.useTransaction(record);
                    log.info("{} worker: a call's outcome was recorded after the database came back", queue.name());
                    return false;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (RuntimeException e) {
                    last = e;
                }
            }
            throw last;
        }
    }

    /**
     * Whether a failure is the database connection going away (SQLSTATE class 08, or 57P:
     * the server shutting down or not accepting connections yet), not something the
     * statement did.
     */
    static boolean connectionLost(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof java.sql.SQLException e && e.getSQLState() != null
                    && (e.getSQLState().startsWith("08") || e.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Claims up to {@link #BATCH} due pieces and processes them in one transaction, one commit
     * for the batch: each piece under its own savepoint, so one that fails is rolled back alone
     * and recorded as failed while the others commit; the pieces that succeeded are marked done
     * with one statement. Work that needs a read from outside first ({@link FetchFirst}) is
     * rolled back too, and its fetch runs after the commit with no transaction open. Work that
     * waits for other work ({@link TryAgain}) stays pending; when nothing else in the batch
     * could be done, it is put behind what is queued, so that what it waits for comes first.
     */
    private Batch claimAndProcessBatch(Handle handle) {
        List<Deferred> deferred = new ArrayList<>();
        Batch claimed = handle.inTransaction(h -> {
            List<QueuedWork> batch = queue.claimBatch(h, clock.instant(), BATCH);
            wakeAnotherIfFull(batch.size(), BATCH);
            List<QueuedWork> done = new ArrayList<>(batch.size());
            List<QueuedWork> waiting = new ArrayList<>();
            for (QueuedWork work : batch) {
                h.savepoint("work");
                try {
                    processor.process(h, work);
                    h.releaseSavepoint("work");
                    fetchedFor.remove(fetchKey(work));
                    done.add(work);
                } catch (TryAgain busy) {
                    // Left pending: a later claim takes it again.
                    h.rollbackToSavepoint("work");
                    waiting.add(work);
                    log.debug("{} {} of {} waits: {}", queue.name(), work.key(), work.teamId(), busy.getMessage());
                } catch (FetchFirst f) {
                    h.rollbackToSavepoint("work");
                    if (fetchedFor.remove(fetchKey(work))) {
                        // Its fetch ran and it asks again: fail it rather than loop.
                        fail(h, work, new IllegalStateException("still needs " + f.getMessage() + " after fetching it"));
                    } else {
                        queue.setAsideForFetch(h, work, clock.instant(), FETCH_LEASE_SECONDS);
                        deferred.add(new Deferred(work, f));
                    }
                } catch (Exception e) {
                    // Undo the work's writes but keep the claim, and record the failure in the same transaction.
                    h.rollbackToSavepoint("work");
                    fail(h, work, e);
                }
            }
            queue.markDone(h, done, clock.instant());
            if (waiting.size() == batch.size() && !waiting.isEmpty()) {
                queue.requeue(h, waiting, clock.instant());
            }
            return new Batch(batch.size(), batch.size() - waiting.size());
        });
        for (Deferred d : deferred) {
            fetchOutsideTransaction(d);
        }
        return claimed;
    }

    private record Deferred(QueuedWork work, FetchFirst fetchFirst) {
    }

    /**
     * Runs a deferred fetch with no transaction open. The work stays pending, so the next
     * claim processes it with what was fetched; when the fetch finds nothing to do, the work is
     * done, and when it fails, the work's failure is recorded (backoff, {@code Retry-After}).
     */
    private void fetchOutsideTransaction(Deferred d) {
        boolean again;
        try {
            again = d.fetchFirst().fetch().run(jdbi);
        } catch (Exception e) {
            jdbi.useTransaction(h -> fail(h, d.work(), e));
            return;
        }
        if (!again) {
            jdbi.useTransaction(h -> queue.markDone(h, d.work(), clock.instant()));
        } else {
            fetchedFor.add(fetchKey(d.work()));
            jdbi.useTransaction(h -> queue.fetchDone(h, d.work(), clock.instant()));
            wake();
        }
        synchronized (finished) {
            finishedCount++;
            finished.notifyAll();
        }
    }

    private static String fetchKey(QueuedWork w) {
        return w.teamId() + "/" + w.key() + "/" + w.receivedAt();
    }

    /**
     * Drains every due piece of work (for tests and tools), and waits for due work that other
     * threads have claimed until it is finished; returns how many pieces this call handled.
     */
    public int drain() {
        int n = 0;
        while (true) {
            while (true) {
                int progressed;
                try (Handle h = jdbi.open()) {
                    progressed = runOnce(h).progressed();
                }
                if (progressed == 0) {
                    break;
                }
                n += progressed;
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
            tellParked(h, work, attempt, error);
            log.error("{} {} of {} parked after {} attempt(s): {}", queue.name(), work.key(), work.teamId(), attempt,
                    error, e instanceof RetryableFailure || e instanceof DomainException ? null : e);
        } else {
            log.warn("{} {} of {} failed (attempt {}), retrying in {} ms: {}", queue.name(), work.key(),
                    work.teamId(), attempt, wait.toMillis(), error);
        }
    }

    /** {@link WorkProcessor#parked}, under a savepoint so that its failure leaves the parking in place. */
    private void tellParked(Handle h, QueuedWork work, int attempts, String error) {
        h.savepoint("parked");
        try {
            processor.parked(h, work, attempts, error);
            h.releaseSavepoint("parked");
        } catch (Exception e) {
            h.rollbackToSavepoint("parked");
            log.warn("{} {} of {} parked, but telling anyone failed: {}", queue.name(), work.key(), work.teamId(),
                    e.toString());
        }
    }

    static Duration backoff(int attempt) {
        return RetryPolicy.QUEUE.delay(attempt);
    }

    @Override
    public void close() {
        running.set(false);
        synchronized (signal) {
            signal.notifyAll();
        }
        for (Thread t : threads) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(25));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
