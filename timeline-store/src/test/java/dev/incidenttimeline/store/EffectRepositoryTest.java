package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.runTogether;
import static org.assertj.core.api.Assertions.assertThat;

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

class EffectRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final String POST = "{\"channel\": \"C1\", \"text\": \"Status: identified\"}";

    private EffectRepository effects;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        effects = db.jdbi().onDemand(EffectRepository.class);
    }

    private static Instant later() {
        return Instant.now().plus(Duration.ofMinutes(1));
    }

    private Optional<QueuedWork> claimInTransaction(Instant now) {
        return db.jdbi().inTransaction(h -> h.attach(EffectRepository.class).claimNext(now));
    }

    @Test
    void enqueueTwiceWithTheSameDedupeKey_isFalseTheSecondTime() {
        assertThat(effects.enqueue(TEAM, "INC-1/status/2", "chat.postMessage", POST)).isTrue();
        assertThat(effects.enqueue(TEAM, "INC-1/status/2", "chat.postMessage", POST)).isFalse();

        assertThat(effects.countByStatus()).containsExactly("pending=1");
    }

    @Test
    void theSameDedupeKey_inAnotherWorkspace_isAnotherEffect() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);

        assertThat(effects.enqueue(OTHER_TEAM, "k1", "chat.postMessage", POST)).isTrue();
    }

    @Test
    void claimNext_returnsTheOldestDueEffect_withItsPayload() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);
        effects.enqueue(TEAM, "k2", "conversations.setTopic", "{}");

        QueuedWork w = claimInTransaction(later()).orElseThrow();

        assertThat(w.teamId()).isEqualTo(TEAM);
        assertThat(w.key()).matches("[0-9]+");
        assertThat(w.type()).isEqualTo("chat.postMessage");
        assertThat(w.payload()).contains("\"text\": \"Status: identified\"");
        assertThat(w.attempts()).isZero();
        assertThat(w.receivedAt()).isNotNull();
    }

    @Test
    void claimNext_withNothingDue_isEmpty() {
        assertThat(claimInTransaction(later())).isEmpty();
    }

    @Test
    void aNewEffect_isDueAtOnce_evenForAWorkerWhoseClockIsBehindTheDatabase() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);

        assertThat(claimInTransaction(Instant.now().minus(Duration.ofHours(1)))).isPresent();
    }

    @Test
    void markDone_takesTheEffectOutOfTheQueue_andCountsIt() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);
        QueuedWork w = claimInTransaction(later()).orElseThrow();

        assertThat(effects.markDone(TEAM, w.key(), Instant.now())).isEqualTo(1);

        assertThat(claimInTransaction(later())).isEmpty();
        assertThat(effects.countDone(TEAM, "chat.postMessage")).isEqualTo(1);
        assertThat(effects.countDone(TEAM, "conversations.setTopic")).isZero();
        assertThat(effects.countDone(OTHER_TEAM, "chat.postMessage")).isZero();
    }

    @Test
    void markFailed_retriesLater_withTheAttemptCounted() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);
        String id = claimInTransaction(later()).orElseThrow().key();
        Instant retryAt = Instant.now().plus(Duration.ofHours(1));

        assertThat(effects.markFailed(TEAM, id, "ratelimited", retryAt, false)).isEqualTo(1);

        assertThat(claimInTransaction(later())).isEmpty();
        QueuedWork retry = claimInTransaction(retryAt).orElseThrow();
        assertThat(retry.key()).isEqualTo(id);
        assertThat(retry.attempts()).isEqualTo(1);
        assertThat(effects.countByStatus()).containsExactly("pending=1");
    }

    @Test
    void markFailed_withPark_parksTheEffect_andListsItsError() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);
        String id = claimInTransaction(later()).orElseThrow().key();

        effects.markFailed(TEAM, id, "not_in_channel", Instant.now(), true);

        assertThat(claimInTransaction(later().plus(Duration.ofDays(1)))).isEmpty();
        assertThat(effects.listParked(10)).containsExactly(TEAM + " #" + id + " chat.postMessage attempts=1: not_in_channel");
    }

    @Test
    void countByStatus_countsEachStatus() {
        for (String k : List.of("k1", "k2", "k3", "k4")) {
            effects.enqueue(TEAM, k, "chat.postMessage", POST);
        }
        String first = claimInTransaction(later()).orElseThrow().key();
        effects.markDone(TEAM, first, Instant.now());
        String second = claimInTransaction(later()).orElseThrow().key();
        effects.markFailed(TEAM, second, "boom", Instant.now(), true);

        assertThat(effects.countByStatus()).containsExactly("done=1", "parked=1", "pending=2");
    }

    @Test
    void countByStatus_ofAnEmptyOutbox_isAnEmptyList() {
        assertThat(effects.countByStatus()).isNotNull().isEmpty();
        assertThat(effects.listParked(10)).isNotNull().isEmpty();
    }

    @Test
    void twoOpenTransactions_neverClaimTheSameEffect() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);
        effects.enqueue(TEAM, "k2", "chat.postMessage", POST);
        Instant now = later();

        try (Handle a = db.jdbi().open(); Handle b = db.jdbi().open()) {
            a.begin();
            b.begin();
            QueuedWork claimedByA = a.attach(EffectRepository.class).claimNext(now).orElseThrow();

            QueuedWork claimedByB = b.attach(EffectRepository.class).claimNext(now).orElseThrow();
            assertThat(claimedByB.key()).isNotEqualTo(claimedByA.key());

            assertThat(claimInTransaction(now)).isEmpty();
            a.rollback();
            b.rollback();
        }
    }

    @Test
    void anEffectClaimedByAnOpenTransaction_isSkipped_andFreeAgainAfterRollback() {
        effects.enqueue(TEAM, "k1", "chat.postMessage", POST);
        Instant now = later();

        try (Handle a = db.jdbi().open()) {
            a.begin();
            String claimed = a.attach(EffectRepository.class).claimNext(now).orElseThrow().key();

            assertThat(claimInTransaction(now)).isEmpty();

            a.rollback();
            assertThat(claimInTransaction(now)).map(QueuedWork::key).contains(claimed);
        }
    }

    @Test
    void workersDrainingTheOutboxTogether_performEachEffectExactlyOnce() throws Exception {
        int count = 120;
        int workers = 6;
        for (int i = 0; i < count; i++) {
            effects.enqueue(TEAM, "k" + i, "chat.postMessage", "{\"n\":" + i + "}");
        }
        Map<String, Integer> performed = new ConcurrentHashMap<>();
        Instant now = later();
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int k = 0; k < workers; k++) {
            tasks.add(() -> {
                int mine = 0;
                while (true) {
                    Optional<QueuedWork> done = db.jdbi().inTransaction(h -> {
                        EffectRepository repo = h.attach(EffectRepository.class);
                        Optional<QueuedWork> w = repo.claimNext(now);
                        w.ifPresent(x -> {
                            performed.merge(x.payload(), 1, Integer::sum);
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

        assertThat(perWorker.stream().mapToInt(Integer::intValue).sum()).isEqualTo(count);
        assertThat(performed).hasSize(count).allSatisfy((payload, times) -> assertThat(times).as(payload).isEqualTo(1));
        assertThat(effects.countDone(TEAM, "chat.postMessage")).isEqualTo(count);
    }

    @Test
    void claimLeased_leasesSeveralAtOnce_inQueueOrder_neverTwoPostsToOneChannel_andReleaseGivesBackUncalledOnes() {
        effects.enqueue(TEAM, "post-1", "chat.postMessage", POST, "channel:C1", false);
        effects.enqueue(TEAM, "react-1", "reactions.add", "{}");
        effects.enqueue(TEAM, "post-2", "chat.postMessage", POST, "channel:C1", false);
        effects.enqueue(TEAM, "post-other", "chat.postMessage", POST, "channel:C2", false);
        effects.enqueue(TEAM, "react-2", "reactions.add", "{}");
        Instant now = Instant.now();

        List<QueuedWork> first = db.jdbi().inTransaction(h -> h.attach(EffectRepository.class)
                .claimLeased(now, "w1", now.plus(Duration.ofMinutes(2)), 3));
        List<QueuedWork> second = db.jdbi().inTransaction(h -> h.attach(EffectRepository.class)
                .claimLeased(now, "w2", now.plus(Duration.ofMinutes(2)), 10));

        // The second post to C1 waits for the first, which is leased and not done.
        assertThat(first).extracting(QueuedWork::type).containsExactly("chat.postMessage", "reactions.add",
                "chat.postMessage");
        assertThat(second).hasSize(1).extracting(QueuedWork::type).containsExactly("reactions.add");
        assertThat(first).extracting(QueuedWork::claims).containsOnly(1);

        // w1 stops before calling its last two: they are claimable again, not counted as handed out.
        List<QueuedWork> unrun = first.subList(1, 3);
        assertThat(effects.release(unrun.stream().map(QueuedWork::teamId).toArray(String[]::new),
                unrun.stream().map(QueuedWork::key).toArray(String[]::new))).isEqualTo(2);
        List<QueuedWork> again = db.jdbi().inTransaction(h -> h.attach(EffectRepository.class)
                .claimLeased(now, "w3", now.plus(Duration.ofMinutes(2)), 10));
        assertThat(again).extracting(QueuedWork::key).containsExactlyElementsOf(
                unrun.stream().map(QueuedWork::key).toList());
        assertThat(again).extracting(QueuedWork::claims).containsOnly(1);
    }
}
