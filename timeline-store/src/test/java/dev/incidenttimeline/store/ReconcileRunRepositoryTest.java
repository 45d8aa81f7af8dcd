package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.runTogether;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.ReconcileRunRepository.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reconciliation lease is a row: one holder at a time, taken over when it runs out, progress kept. */
class ReconcileRunRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    static final Duration LEASE = Duration.ofMinutes(2);

    private ReconcileRunRepository runs;
    private Incident inc;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        runs = db.jdbi().onDemand(ReconcileRunRepository.class);
        inc = StoreFixtures.declare(db.jdbi(), "DB failover");
    }

    @Test
    void aLiveLease_isRefusedToAnother_andTakenOverOnceItRunsOut() {
        assertThat(runs.acquire(TEAM, inc.number(), "a", T0, T0.plus(LEASE))).isPresent();
        assertThat(runs.acquire(TEAM, inc.number(), "b", T0.plusSeconds(60), T0.plusSeconds(60).plus(LEASE)))
                .isEmpty();
        assertThat(runs.pageApplied(TEAM, inc.number(), "b", "c2", T0.plus(LEASE))).isZero();

        Optional<Run> taken = runs.acquire(TEAM, inc.number(), "b", T0.plus(LEASE).plusSeconds(1),
                T0.plus(LEASE).plus(LEASE));
        assertThat(taken).isPresent();
        // The first holder has lost it: its writes change nothing.
        assertThat(runs.pageApplied(TEAM, inc.number(), "a", "c9", T0.plus(LEASE))).isZero();
        assertThat(runs.renew(TEAM, inc.number(), "a", T0.plus(LEASE))).isZero();
    }

    @Test
    void progress_survivesARelease_andIsClearedWhenTheRunFinishes() {
        runs.acquire(TEAM, inc.number(), "a", T0, T0.plus(LEASE));
        assertThat(runs.begin(TEAM, inc.number(), "a", "1794812410.000100", T0)).isOne();
        assertThat(runs.pageApplied(TEAM, inc.number(), "a", "c2", T0.plus(LEASE))).isOne();
        assertThat(runs.release(TEAM, inc.number(), "a")).isOne();

        Run resumed = runs.acquire(TEAM, inc.number(), "b", T0.plusSeconds(5), T0.plus(LEASE)).orElseThrow();
        assertThat(resumed.unfinished()).isTrue();
        assertThat(resumed.oldest()).isEqualTo("1794812410.000100");
        assertThat(resumed.nextCursor()).isEqualTo("c2");
        assertThat(resumed.pages()).isEqualTo(1);
        assertThat(resumed.allPagesRead()).isFalse();

        assertThat(runs.pageApplied(TEAM, inc.number(), "b", null, T0.plus(LEASE))).isOne();
        assertThat(runs.find(TEAM, inc.number()).orElseThrow().allPagesRead()).isTrue();
        assertThat(runs.finish(TEAM, inc.number(), "b", T0.plusSeconds(9))).isOne();
        Run done = runs.find(TEAM, inc.number()).orElseThrow();
        assertThat(done.unfinished()).isFalse();
        assertThat(runs.acquire(TEAM, inc.number(), "c", T0.plusSeconds(10), T0.plus(LEASE))).isPresent();
    }

    @Test
    void replicasAcquiringAtOnce_onlyOneHoldsTheLease() throws Exception {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String holder = "replica-" + i;
            tasks.add(() -> db.jdbi().onDemand(ReconcileRunRepository.class)
                    .acquire(TEAM, inc.number(), holder, T0, T0.plus(LEASE)).isPresent());
        }
        assertThat(runTogether(tasks)).containsOnlyOnce(true);
    }

    @Test
    void deletingTheIncident_deletesItsRun() {
        runs.acquire(TEAM, inc.number(), "a", T0, T0.plus(LEASE));
        db.jdbi().useHandle(h -> h.execute("DELETE FROM incidents WHERE team_id = ? AND number = ?", TEAM,
                inc.number()));
        assertThat(runs.find(TEAM, inc.number())).isEmpty();
    }
}
