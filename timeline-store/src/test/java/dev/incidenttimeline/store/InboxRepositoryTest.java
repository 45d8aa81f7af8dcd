package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.runTogether;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class InboxRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private InboxRepository inbox;
    private InboxWriter writer;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        inbox = db.jdbi().onDemand(InboxRepository.class);
        writer = new InboxWriter(db.dataSource());
    }

    @org.junit.jupiter.api.AfterEach
    void closeWriter() {
        writer.close();
    }

    /** A minute from now: every new row and every retry due by then is claimable. */
    private static Instant later() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }

    private Optional<QueuedWork> claimInTransaction(Instant now) {
        return db.jdbi().inTransaction(h -> h.attach(InboxRepository.class).claimNext(now));
    }

    @Test
    void storeTwice_isFalseTheSecondTime() {
        assertThat(writer.store(TEAM, "Ev1", "reaction_added", "{\"reaction\":\"pushpin\"}", null)).isTrue();
        assertThat(writer.store(TEAM, "Ev1", "reaction_added", "{\"reaction\":\"pushpin\"}", null)).isFalse();

        assertThat(inbox.countByStatus()).containsExactly("pending=1");
        assertThat(inbox.status(TEAM, "Ev1")).contains("pending");
    }

    @Test
    void storeAsync_completesOnlyOnceTheRowIsCommitted_andARetryOfItIsFalse() throws Exception {
        java.util.concurrent.CompletableFuture<Boolean> first;
        try (org.jdbi.v3.core.Handle holder = db.jdbi().open()) {
            // The inbox's inserts wait behind this lock, as behind a slow commit.
            holder.begin();
            holder.execute("LOCK TABLE slack_events IN EXCLUSIVE MODE");
            first = writer.storeAsync(TEAM, "EvA", "reaction_added", "{\"reaction\":\"pushpin\"}"
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
            assertThatThrownBy(() -> first.get(300, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .as("not stored while the insert waits").isInstanceOf(java.util.concurrent.TimeoutException.class);
            holder.rollback();
        }
        assertThat(first.get(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(inbox.status(TEAM, "EvA")).contains("pending");
        assertThat(writer.storeAsync(TEAM, "EvA", "reaction_added", new byte[0], null)
                .get(10, java.util.concurrent.TimeUnit.SECONDS)).isFalse();
    }

    @Test
    void messagePending_untilItsEventIsDone_orHasFailedOnce() {
        String key = InboxRepository.messageKey("C1", "1700000000.000100");
        writer.store(TEAM, "EvM", "message", "{\"type\":\"message\"}", key);
        writer.store(TEAM, "EvR", "reaction_added", "{\"type\":\"reaction_added\"}", null);
        writer.store(OTHER_TEAM, "EvOther", "message", "{\"type\":\"message\"}",
                InboxRepository.messageKey("C1", "1700000000.000200"));

        assertThat(inbox.messagePending(TEAM, key)).isTrue();
        assertThat(inbox.messagePending(OTHER_TEAM, key)).isFalse();
        assertThat(inbox.messagePending(TEAM, InboxRepository.messageKey("C1", "1700000000.000200"))).isFalse();

        // A first try that failed is retried after a backoff: nothing should wait for that.
        inbox.markFailed(TEAM, "EvM", "boom", later(), false);
        assertThat(inbox.messagePending(TEAM, key)).isFalse();

        writer.store(TEAM, "EvM2", "message", "{\"type\":\"message\"}", InboxRepository.messageKey("C1", "2.0"));
        inbox.markDone(TEAM, "EvM2", Instant.now());
        assertThat(inbox.messagePending(TEAM, InboxRepository.messageKey("C1", "2.0"))).isFalse();

        writer.store(TEAM, "EvM3", "message", "{\"type\":\"message\"}", InboxRepository.messageKey("C1", "3.0"));
        writer.store(TEAM, "EvM4", "message", "{\"type\":\"message\"}", InboxRepository.messageKey("C1", "4.0"));
        inbox.markAllDone(new String[] {TEAM}, new String[] {"EvM3"}, Instant.now());
        inbox.markFailed(TEAM, "EvM4", "boom", later(), true);
        assertThat(inbox.messagePending(TEAM, InboxRepository.messageKey("C1", "3.0"))).as("done in a batch").isFalse();
        assertThat(inbox.messagePending(TEAM, InboxRepository.messageKey("C1", "4.0"))).as("parked").isFalse();
    }

    @Test
    void duringABurst_afterStatisticsFromAQuietQueue_aLookupReadsOnlyItsKey() {
        // Statistics were taken, and the lookup's plan cached, while every event was done;
        // then a burst queues thousands. The plan must still read the key's own index, not
        // every pending event.
        String lookup = InboxRepository.MESSAGE_PENDING.replace(":teamId", "$1").replace(":messageKey", "$2");
        db.jdbi().useHandle(h -> {
            insertDone(h, 3000);
            h.execute("ANALYZE slack_events");
            h.execute("PREPARE lookup(text, text) AS " + lookup);
            for (int i = 0; i < 7; i++) {
                h.createQuery("EXECUTE lookup('" + TEAM + "', 'C1 none')").mapTo(Boolean.class).one();
            }
            insertBurst(h, 4000);
            String cached = h.createQuery("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE lookup('" + TEAM + "', 'C1 none')")
                    .mapTo(String.class).one();
            h.execute("DEALLOCATE lookup");
            assertThat(cached).as("the lookup's cached plan")
                    .contains("\"Index Name\": \"slack_events_waited_message_idx\"")
                    .doesNotContain("slack_events_due_idx", "Seq Scan");
        });
        for (int i = 0; i < 5; i++) {
            String bound = plan("EXPLAIN (ANALYZE, FORMAT JSON) " + InboxRepository.MESSAGE_PENDING,
                    Map.of("teamId", TEAM, "messageKey", "C1 none"));
            assertThat(bound).as("lookup plan %d", i)
                    .contains("\"Index Name\": \"slack_events_waited_message_idx\"")
                    .doesNotContain("slack_events_due_idx", "Seq Scan");
        }
    }

    @Test
    void duringABurst_afterStatisticsFromAnEmptyQueue_aClaimReadsOnlyWhatItTakes() {
        // Statistics from before the inbox held anything (a new deployment), then a burst.
        db.jdbi().useHandle(h -> {
            h.execute("ANALYZE slack_events");
            insertDone(h, 3000);
            insertBurst(h, 4000);
        });
        assertClaimsWalkTheDueIndex();
    }

    @Test
    void duringABurst_afterStatisticsFromAQuietQueue_aClaimReadsOnlyWhatItTakes() {
        // Statistics from a quiet queue (every event done), then a burst, some of it done.
        db.jdbi().useHandle(h -> {
            insertDone(h, 3000);
            h.execute("ANALYZE slack_events");
            insertBurst(h, 4000);
            h.execute("UPDATE slack_events SET status = 'done' WHERE event_id LIKE 'EvBurst1%'");
        });
        assertClaimsWalkTheDueIndex();
    }

    /**
     * The claim must walk the due index in order and stop at its limit, not read and sort
     * every due event with its body. Several times: the driver plans its first uses of a
     * statement with the values bound.
     */
    private static void assertClaimsWalkTheDueIndex() {
        for (int i = 0; i < 7; i++) {
            String claim = db.jdbi().inTransaction(h -> {
                h.attach(InboxRepository.class).planClaimsInIndexOrder();
                String p = h.createQuery("EXPLAIN (ANALYZE, FORMAT JSON) " + InboxRepository.CLAIM_BATCH)
                        .bind("now", Instant.now()).bind("limit", 50).mapTo(String.class).one();
                h.rollback();
                return p;
            });
            assertThat(claim).as("claim plan %d", i).contains("\"Index Name\": \"slack_events_due_idx\"")
                    .doesNotContain("\"Node Type\": \"Sort\"", "Bitmap");
        }
    }

    private static void insertDone(Handle h, int n) {
        h.execute("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, status, attempts, processed_at)
                SELECT ?, 'EvDone' || g, 'message', '{}'::jsonb, 'done', 1, now() FROM generate_series(1, ?) g""",
                TEAM, n);
    }

    private static void insertBurst(Handle h, int n) {
        h.execute("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, body, message_key, next_attempt_at)
                SELECT ?, 'EvBurst' || g, 'message', '{}'::jsonb, convert_to(repeat('x', 900), 'UTF8'),
                       'C1 ' || g, clock_timestamp()
                FROM generate_series(1, ?) g""", TEAM, n);
    }

    private static String plan(String explain, Map<String, Object> binds) {
        return db.jdbi().inTransaction(h -> {
            String p = h.createQuery(explain).bindMap(binds).mapTo(String.class).one();
            h.rollback();
            return p;
        });
    }

    @Test
    void concurrentStores_shareCommits_andEachIsAnsweredWithWhetherItWasNew() throws Exception {
        // 64 senders at once, each event sent twice (a Slack retry racing its original):
        // every event is stored once, exactly one of its two requests is told "new", and
        // every row is committed by the time its request returns.
        int senders = 64;
        int perSender = 40;
        Map<String, Integer> news = new ConcurrentHashMap<>();
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int s = 0; s < senders; s++) {
            int sender = s;
            tasks.add(() -> {
                for (int i = 0; i < perSender; i++) {
                    String id = "Ev" + ((sender / 2) * perSender + i);
                    if (writer.store(TEAM, id, "message", "{\"n\":" + i + "}", null)) {
                        news.merge(id, 1, Integer::sum);
                    }
                    assertThat(inbox.status(TEAM, id)).contains("pending");
                }
                return null;
            });
        }
        runTogether(tasks);

        int events = senders / 2 * perSender;
        assertThat(news).hasSize(events).allSatisfy((id, n) -> assertThat(n).isEqualTo(1));
        assertThat(inbox.countByStatus()).containsExactly("pending=" + events);
    }

    @Test
    void anEventTheDatabaseRefuses_failsOnlyItsOwnRequest() throws Exception {
        // Stored together with good events: the refused one (no event type) gets an error
        // naming it, the others are stored.
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = "Ev" + i;
            String type = i == 7 ? null : "message";
            tasks.add(() -> {
                try {
                    return writer.store(TEAM, id, type, "{}", null);
                } catch (IllegalStateException e) {
                    assertThat(e).hasMessageContaining("could not store event Ev7");
                    return false;
                }
            });
        }
        List<Boolean> results = runTogether(tasks);

        assertThat(results).containsOnly(true, false);
        assertThat(inbox.countByStatus()).containsExactly("pending=19");
        assertThat(inbox.status(TEAM, "Ev7")).isEmpty();
    }

    @Test
    void claimBatch_takesTheDueEventsInArrivalOrder_andMarkAllDoneFinishesThem() {
        for (int i = 1; i <= 5; i++) {
            writer.store(TEAM, "Ev" + i, "message", "{}", null);
        }
        List<QueuedWork> batch = db.jdbi().inTransaction(h -> {
            List<QueuedWork> claimed = h.attach(InboxRepository.class).claimBatch(later(), 3);
            h.attach(InboxRepository.class).markAllDone(claimed.stream().map(QueuedWork::teamId).toArray(String[]::new),
                    claimed.stream().map(QueuedWork::key).toArray(String[]::new), Instant.now());
            return claimed;
        });

        assertThat(batch).extracting(QueuedWork::key).containsExactly("Ev1", "Ev2", "Ev3");
        assertThat(inbox.countByStatus()).containsExactly("done=3", "pending=2");
    }

    @Test
    void theSameEventId_inAnotherWorkspace_isAnotherEvent() {
        writer.store(TEAM, "Ev1", "message", "{}", null);

        assertThat(writer.store(OTHER_TEAM, "Ev1", "message", "{}", null)).isTrue();
    }

    @Test
    void status_ofAnUnknownEvent_isEmpty() {
        assertThat(inbox.status(TEAM, "Ev404")).isEmpty();
    }

    @Test
    void claimNext_returnsTheOldestDueEvent_withItsPayload() {
        writer.store(TEAM, "Ev1", "reaction_added", "{\"reaction\": \"pushpin\", \"item\": {\"ts\": \"1.2\"}}", null);
        writer.store(TEAM, "Ev2", "message", "{}", null);

        QueuedWork w = claimInTransaction(later()).orElseThrow();

        assertThat(w.teamId()).isEqualTo(TEAM);
        assertThat(w.key()).isEqualTo("Ev1");
        assertThat(w.type()).isEqualTo("reaction_added");
        assertThat(w.payload()).contains("\"reaction\": \"pushpin\"").contains("\"ts\": \"1.2\"");
        assertThat(w.attempts()).isZero();
        assertThat(w.receivedAt()).isBefore(later());
    }

    @Test
    void claimNext_withNothingDue_isEmpty() {
        assertThat(claimInTransaction(later())).isEmpty();
    }

    @Test
    void aNewEvent_isDueAtOnce_evenForAWorkerWhoseClockIsBehindTheDatabase() {
        writer.store(TEAM, "Ev1", "message", "{}", null);

        assertThat(claimInTransaction(Instant.now().minus(Duration.ofHours(1)))).map(QueuedWork::key).contains("Ev1");
    }

    @Test
    void markDone_takesTheEventOutOfTheQueue() {
        writer.store(TEAM, "Ev1", "message", "{}", null);

        assertThat(inbox.markDone(TEAM, "Ev1", Instant.now())).isEqualTo(1);

        assertThat(inbox.status(TEAM, "Ev1")).contains("done");
        assertThat(claimInTransaction(later())).isEmpty();
        assertThat(inbox.oldestPending()).isEmpty();
    }

    @Test
    void markFailed_retriesLater_withTheAttemptCounted() {
        writer.store(TEAM, "Ev1", "message", "{}", null);
        Instant retryAt = Instant.now().plus(Duration.ofHours(1));

        assertThat(inbox.markFailed(TEAM, "Ev1", "ratelimited", retryAt, false)).isEqualTo(1);

        assertThat(inbox.status(TEAM, "Ev1")).contains("pending");
        assertThat(claimInTransaction(later())).isEmpty();
        QueuedWork retry = claimInTransaction(retryAt).orElseThrow();
        assertThat(retry.key()).isEqualTo("Ev1");
        assertThat(retry.attempts()).isEqualTo(1);
    }

    @Test
    void markFailed_withPark_parksTheEvent_andListsItsError() {
        writer.store(TEAM, "Ev1", "reaction_added", "{}", null);

        inbox.markFailed(TEAM, "Ev1", "channel_not_found", Instant.now(), true);

        assertThat(inbox.status(TEAM, "Ev1")).contains("parked");
        assertThat(claimInTransaction(later().plus(Duration.ofDays(1)))).isEmpty();
        assertThat(inbox.listParked(10)).containsExactly(TEAM + " Ev1 reaction_added attempts=1: channel_not_found");
    }

    @Test
    void countByStatus_countsEachStatus() {
        for (String id : List.of("Ev1", "Ev2", "Ev3", "Ev4")) {
            writer.store(TEAM, id, "message", "{}", null);
        }
        inbox.markDone(TEAM, "Ev1", Instant.now());
        inbox.markFailed(TEAM, "Ev2", "boom", Instant.now(), true);

        assertThat(inbox.countByStatus()).containsExactly("done=1", "parked=1", "pending=2");
        assertThat(inbox.listParked(10)).hasSize(1);
    }

    @Test
    void countByStatus_ofAnEmptyInbox_isAnEmptyList() {
        assertThat(inbox.countByStatus()).isNotNull().isEmpty();
        assertThat(inbox.listParked(10)).isNotNull().isEmpty();
    }

    @Test
    void oldestPending_isTheReceiptTimeOfTheOldestPendingEvent() {
        writer.store(TEAM, "Ev1", "message", "{}", null);
        writer.store(TEAM, "Ev2", "message", "{}", null);

        Instant oldest = inbox.oldestPending().orElseThrow();

        assertThat(oldest).isEqualTo(claimInTransaction(later()).orElseThrow().receivedAt());
    }

    @Test
    void twoOpenTransactions_neverClaimTheSameEvent() {
        writer.store(TEAM, "Ev1", "message", "{}", null);
        writer.store(TEAM, "Ev2", "message", "{}", null);
        Instant now = later();

        try (Handle a = db.jdbi().open(); Handle b = db.jdbi().open()) {
            a.begin();
            b.begin();
            QueuedWork claimedByA = a.attach(InboxRepository.class).claimNext(now).orElseThrow();

            QueuedWork claimedByB = b.attach(InboxRepository.class).claimNext(now).orElseThrow();
            assertThat(claimedByB.key()).isNotEqualTo(claimedByA.key());

            // Both rows are locked now: a third claim finds nothing rather than waiting.
            assertThat(claimInTransaction(now)).isEmpty();
            a.rollback();
            b.rollback();
        }
    }

    @Test
    void hasDue_countsAnEventClaimedByAnOpenTransaction_untilItIsDone() {
        assertThat(inbox.hasDue(later())).isFalse();
        writer.store(TEAM, "Ev1", "message", "{}", null);

        try (Handle a = db.jdbi().open()) {
            a.begin();
            QueuedWork claimed = a.attach(InboxRepository.class).claimNext(later()).orElseThrow();
            assertThat(claimInTransaction(later())).isEmpty();
            assertThat(inbox.hasDue(later())).isTrue();

            a.attach(InboxRepository.class).markDone(TEAM, claimed.key(), Instant.now());
            a.commit();
        }
        assertThat(inbox.hasDue(later())).isFalse();
    }

    @Test
    void hasDue_waitsForARetryUntilItsTime() {
        writer.store(TEAM, "Ev1", "message", "{}", null);
        Instant retryAt = Instant.now().plus(Duration.ofHours(1));
        inbox.markFailed(TEAM, "Ev1", "ratelimited", retryAt, false);

        assertThat(inbox.hasDue(later())).isFalse();
        assertThat(inbox.hasDue(retryAt)).isTrue();
    }

    @Test
    void anEventClaimedByAnOpenTransaction_isSkipped_andFreeAgainAfterRollback() {
        writer.store(TEAM, "Ev1", "message", "{}", null);
        Instant now = later();

        try (Handle a = db.jdbi().open()) {
            a.begin();
            InboxRepository workerA = a.attach(InboxRepository.class);
            assertThat(workerA.claimNext(now)).map(QueuedWork::key).contains("Ev1");

            assertThat(claimInTransaction(now)).isEmpty();

            a.rollback();
        }
        assertThat(claimInTransaction(now)).map(QueuedWork::key).contains("Ev1");
    }

    @Test
    void anEventDoneByAnotherWorker_isNotClaimedAgain() {
        writer.store(TEAM, "Ev1", "message", "{}", null);
        Instant now = later();

        try (Handle a = db.jdbi().open()) {
            a.begin();
            InboxRepository workerA = a.attach(InboxRepository.class);
            QueuedWork w = workerA.claimNext(now).orElseThrow();
            workerA.markDone(w.teamId(), w.key(), Instant.now());
            assertThat(claimInTransaction(now)).isEmpty();
            a.commit();
        }
        assertThat(claimInTransaction(now)).isEmpty();
        assertThat(inbox.status(TEAM, "Ev1")).contains("done");
    }

    @Test
    void workersDrainingTheInboxTogether_processEachEventExactlyOnce() throws Exception {
        int events = 120;
        int workers = 6;
        for (int i = 0; i < events; i++) {
            writer.store(TEAM, "Ev" + i, "message", "{\"n\":" + i + "}", null);
        }
        Map<String, Integer> processed = new ConcurrentHashMap<>();
        Instant now = later();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            tasks.add(() -> {
                int mine = 0;
                while (true) {
                    Optional<QueuedWork> done = db.jdbi().inTransaction(h -> {
                        InboxRepository repo = h.attach(InboxRepository.class);
                        Optional<QueuedWork> w = repo.claimNext(now);
                        w.ifPresent(x -> {
                            processed.merge(x.key(), 1, Integer::sum);
                            repo.markDone(x.teamId(), x.key(), Instant.now());
                        });
                        return w;
                    });
                    if (done.isEmpty()) {
                        return mine;
                    }
                    mine++;
                }
            });
        }

        List<Integer> perWorker = runTogether(tasks);

        assertThat(perWorker.stream().mapToInt(Integer::intValue).sum()).isEqualTo(events);
        assertThat(processed).hasSize(events).allSatisfy((key, times) -> assertThat(times).as(key).isEqualTo(1));
        assertThat(inbox.countByStatus()).containsExactly("done=" + events);
    }
}
