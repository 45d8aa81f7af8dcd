package dev.incidenttimeline.bot.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.store.InboxWriter;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QueueWorkerTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @BeforeEach
    void clean() {
        db.truncateAll();
        db.jdbi().useHandle(h -> h.execute("CREATE TABLE IF NOT EXISTS side_effect (n int)"));
        db.jdbi().useHandle(h -> h.execute("TRUNCATE side_effect"));
        new InboxWriter(db.dataSource()).store("T1", "Ev1", "reaction_added", "{\"event\":{}}", null);
        db.jdbi().useHandle(h -> h.execute("UPDATE slack_events SET next_attempt_at = ?", NOW.minusSeconds(1)));
    }

    private Map<String, Object> row() {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT status, attempts, next_attempt_at, last_error FROM slack_events").mapToMap().one());
    }

    private static WorkProcessor writingThenFailing(RuntimeException failure) {
        return (h, w) -> {
            h.execute("INSERT INTO side_effect VALUES (1)");
            throw failure;
        };
    }

    private int sideEffects() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM side_effect").mapTo(Integer.class).one());
    }

    @Test
    void success_marksDone_andKeepsTheWrites() {
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), (h, work) -> h.execute(
                "INSERT INTO side_effect VALUES (1)"), CLOCK, 3, Duration.ofMillis(10));
        assertThat(w.drain()).isEqualTo(1);
        assertThat(row()).containsEntry("status", "done").containsEntry("attempts", 1);
        assertThat(sideEffects()).isEqualTo(1);
    }

    @Test
    void rateLimited_isRetriedAfterRetryAfter_andItsWritesAreUndone() {
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), writingThenFailing(
                new SlackCallException("chat.getPermalink", "ratelimited", true, Duration.ofSeconds(7), null)),
                CLOCK, 3, Duration.ofMillis(10));
        assertThat(w.runOnce()).isTrue();
        Map<String, Object> r = row();
        assertThat(r).containsEntry("status", "pending").containsEntry("attempts", 1);
        assertThat(((java.sql.Timestamp) r.get("next_attempt_at")).toInstant()).isEqualTo(NOW.plusSeconds(7));
        assertThat((String) r.get("last_error")).contains("ratelimited");
        assertThat(sideEffects()).isZero();
        assertThat(w.runOnce()).as("not due again before Retry-After").isFalse();
    }

    @Test
    void permanentSlackError_isParkedAtOnce() {
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), writingThenFailing(
                new SlackCallException("chat.postMessage", "not_in_channel", false, null, null)), CLOCK, 5,
                Duration.ofMillis(10));
        w.runOnce();
        assertThat(row()).containsEntry("status", "parked").containsEntry("attempts", 1);
        assertThat(sideEffects()).isZero();
    }

    @Test
    void userError_isParkedAtOnce() {
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), writingThenFailing(
                new DomainException("bad payload")), CLOCK, 5, Duration.ofMillis(10));
        w.runOnce();
        assertThat(row()).containsEntry("status", "parked");
    }

    @Test
    void parkedWork_tellsItsProcessor_once_andAFailureToTellLeavesItParked() {
        List<String> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        WorkProcessor telling = new WorkProcessor() {
            @Override
            public void process(org.jdbi.v3.core.Handle h, dev.incidenttimeline.store.QueuedWork work) {
                throw new DomainException("bad payload");
            }

            @Override
            public void parked(org.jdbi.v3.core.Handle h, dev.incidenttimeline.store.QueuedWork work, int attempts,
                    String error) {
                told.add(work.key() + " after " + attempts + ": " + error);
                // A statement that fails inside the parking transaction: rolled back to its savepoint.
                h.execute("SELECT 1 / 0");
            }
        };
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), telling, CLOCK, 5, Duration.ofMillis(10));

        w.runOnce();

        assertThat(told).containsExactly("Ev1 after 1: DomainException: bad payload");
        assertThat(row()).containsEntry("status", "parked").containsEntry("attempts", 1);
        assertThat(w.runOnce()).isFalse();
    }

    @Test
    void unexpectedError_isRetriedWithBackoff_thenParkedAfterMaxAttempts() {
        AtomicInteger calls = new AtomicInteger();
        Instant[] now = {NOW};
        Clock moving = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), (h, work) -> {
            calls.incrementAndGet();
            throw new IllegalStateException("boom");
        }, moving, 3, Duration.ofMillis(10));
        for (int i = 0; i < 3; i++) {
            assertThat(w.runOnce()).isTrue();
            now[0] = now[0].plus(Duration.ofMinutes(10));
        }
        assertThat(calls.get()).isEqualTo(3);
        assertThat(row()).containsEntry("status", "parked").containsEntry("attempts", 3);
        assertThat(w.runOnce()).isFalse();
    }

    private void storeMore(String... ids) {
        InboxWriter writer = new InboxWriter(db.dataSource());
        for (String id : ids) {
            writer.store("T1", id, "message", "{\"event\":{}}", null);
        }
        writer.close();
        db.jdbi().useHandle(h -> h.execute("UPDATE slack_events SET next_attempt_at = ?", NOW.minusSeconds(1)));
    }

    private Map<String, Object> row(String id) {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT status, attempts FROM slack_events WHERE event_id = :id").bind("id", id).mapToMap().one());
    }

    @Test
    void aBatch_commitsTheGoodEvents_andRollsBackOnlyTheOneThatFailed() {
        storeMore("Ev2", "Ev3");
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), (h, work) -> {
            h.execute("INSERT INTO side_effect VALUES (1)");
            if (work.key().equals("Ev2")) {
                throw new IllegalStateException("boom");
            }
        }, CLOCK, 3, Duration.ofMillis(10));

        assertThat(w.runOnce()).isTrue();

        assertThat(row("Ev1")).containsEntry("status", "done");
        assertThat(row("Ev3")).containsEntry("status", "done");
        assertThat(row("Ev2")).containsEntry("status", "pending").containsEntry("attempts", 1);
        assertThat(sideEffects()).as("the failed event's write is undone, the others kept").isEqualTo(2);
    }

    @Test
    void whileAFloodIsSignalled_onlyTheFirstWorkerClaims_andTheOthersComeBackAfterIt() throws Exception {
        String[] ids = new String[3 * QueueWorker.BATCH];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "Ev-flood-" + i;
        }
        storeMore(ids);
        AtomicBoolean flooding = new AtomicBoolean(true);
        java.util.Set<String> workers = java.util.concurrent.ConcurrentHashMap.newKeySet();
        AtomicInteger pieces = new AtomicInteger();
        WorkProcessor recording = (h, work) -> {
            workers.add(Thread.currentThread().getName());
            if (pieces.incrementAndGet() == 1) {
                // The first piece of each phase gives another worker the time to join in.
                long until = System.nanoTime() + Duration.ofMillis(300).toNanos();
                while (workers.size() < 2 && System.nanoTime() < until) {
                    java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
                }
            }
        };
        try (QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), recording, CLOCK, 3,
                Duration.ofMillis(10))) {
            w.start(4, flooding::get);
            w.wake();
            awaitAllDone(Duration.ofSeconds(20));
            assertThat(workers).as("during the flood").containsExactly("event-worker-0");

            flooding.set(false);
            workers.clear();
            pieces.set(0);
            for (int i = 0; i < ids.length; i++) {
                ids[i] = "Ev-after-" + i;
            }
            storeMore(ids);
            w.wake();
            awaitAllDone(Duration.ofSeconds(20));
            assertThat(workers).as("after the flood").hasSizeGreaterThan(1);
        }
    }

    private void awaitAllDone(Duration most) throws InterruptedException {
        long deadline = System.nanoTime() + most.toNanos();
        while (db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slack_events WHERE status <> 'done'")
                .mapTo(Integer.class).one()) > 0) {
            assertThat(System.nanoTime()).as("every event done within " + most).isLessThan(deadline);
            synchronized (this) {
                wait(20);
            }
        }
    }

    @Test
    void tryAgain_leavesTheEventPendingAndUncounted_andTheNextClaimDoesIt() {
        AtomicInteger calls = new AtomicInteger();
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), (h, work) -> {
            h.execute("INSERT INTO side_effect VALUES (1)");
            if (calls.incrementAndGet() == 1) {
                throw new TryAgain("message busy");
            }
        }, CLOCK, 3, Duration.ofMillis(10));

        w.runOnce();
        assertThat(row()).containsEntry("status", "pending").containsEntry("attempts", 0);
        assertThat(sideEffects()).isZero();

        w.runOnce();
        assertThat(row()).containsEntry("status", "done").containsEntry("attempts", 1);
        assertThat(sideEffects()).isEqualTo(1);
    }

    @Test
    void fetchFirst_runsTheFetchAfterTheCommit_thenProcessesTheEventWithWhatItStored() {
        AtomicInteger fetches = new AtomicInteger();
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), (h, work) -> {
            if (h.createQuery("SELECT count(*) FROM side_effect").mapTo(Integer.class).one() == 0) {
                throw new FetchFirst("the side effect", jdbi -> {
                    // No transaction may hold the event while the fetch runs.
                    java.util.List<String> unlocked = jdbi.inTransaction(x -> x.createQuery(
                            "SELECT event_id FROM slack_events FOR UPDATE SKIP LOCKED").mapTo(String.class).list());
                    assertThat(unlocked).containsExactly("Ev1");
                    fetches.incrementAndGet();
                    jdbi.useHandle(x -> x.execute("INSERT INTO side_effect VALUES (7)"));
                    return true;
                });
            }
        }, CLOCK, 3, Duration.ofMillis(10));

        assertThat(w.drain()).isEqualTo(2);

        assertThat(fetches.get()).isEqualTo(1);
        assertThat(row()).containsEntry("status", "done").containsEntry("attempts", 1);
    }

    @Test
    void backoff_growsAndIsCapped() {
        assertThat(QueueWorker.backoff(1)).isBetween(Duration.ofSeconds(1), Duration.ofMillis(1250));
        assertThat(QueueWorker.backoff(4)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(10));
        assertThat(QueueWorker.backoff(30)).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void aWholeBatchWaitingForWorkQueuedBehindIt_isPutBehindIt_soTheWorkItWaitsForComesFirst() {
        db.truncateAll();
        InboxWriter inbox = new InboxWriter(db.dataSource());
        int waiting = QueueWorker.BATCH + 10;
        for (int i = 0; i < waiting; i++) {
            String id = "EvWait" + i;
            Instant due = NOW.minusSeconds(60).plusMillis(i);
            inbox.store("T1", id, "reaction_added", "{\"event\":{}}", null);
            db.jdbi().useHandle(h -> h.execute("UPDATE slack_events SET next_attempt_at = ? WHERE event_id = ?", due, id));
        }
        inbox.store("T1", "EvBlocker", "message", "{\"event\":{}}", null);
        db.jdbi().useHandle(h -> h.execute("UPDATE slack_events SET next_attempt_at = ? WHERE event_id = 'EvBlocker'",
                NOW.minusSeconds(1)));
        AtomicBoolean blockerDone = new AtomicBoolean();
        List<String> order = new CopyOnWriteArrayList<>();
        QueueWorker w = new QueueWorker(db.jdbi(), WorkQueue.inbox(), (h, work) -> {
            if (work.key().equals("EvBlocker")) {
                blockerDone.set(true);
            } else if (!blockerDone.get()) {
                throw new TryAgain(work.key() + " waits for EvBlocker");
            }
            order.add(work.key());
        }, CLOCK, 3, Duration.ofMillis(10));

        // One batch of only waiting work could otherwise be claimed again and again, ahead of the blocker.
        int handled = assertTimeoutPreemptively(Duration.ofSeconds(20), w::drain);

        assertThat(handled).isEqualTo(waiting + 1);
        assertThat(order).hasSize(waiting + 1).first().isEqualTo("EvBlocker");
        int doneOnFirstTry = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM slack_events WHERE status = 'done' AND attempts = 1").mapTo(Integer.class).one());
        assertThat(doneOnFirstTry).isEqualTo(waiting + 1);
    }

    @Test
    void connectionLost_isTheConnectionGoingAway_notWhatTheStatementDid() {
        // SQLSTATEs as PostgreSQL and its JDBC driver report them.
        assertThat(QueueWorker.connectionLost(new RuntimeException("wrapped",
                new java.sql.SQLException("An I/O error occurred while sending to the backend.", "08006")))).isTrue();
        assertThat(QueueWorker.connectionLost(new java.sql.SQLException(
                "terminating connection due to administrator command", "57P01"))).isTrue();
        assertThat(QueueWorker.connectionLost(new java.sql.SQLTransientConnectionException(
                "pool - Connection is not available, request timed out after 30000ms."))).isTrue();
        assertThat(QueueWorker.connectionLost(new RuntimeException("wrapped", new java.sql.SQLException(
                "duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(QueueWorker.connectionLost(new IllegalStateException("boom"))).isFalse();
    }
}
