package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.OTHER_TEAM;
import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.runTogether;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JobRunRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private JobRunRepository jobs;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        jobs = db.jdbi().onDemand(JobRunRepository.class);
    }

    @Test
    void claim_succeedsOncePerPeriod() {
        assertThat(jobs.claim(TEAM, "weekly_report", "2026-W47", "replica-a", T0)).isTrue();
        assertThat(jobs.claim(TEAM, "weekly_report", "2026-W47", "replica-b", T0)).isFalse();
        assertThat(jobs.claim(TEAM, "weekly_report", "2026-W47", "replica-a", T0)).isFalse();
    }

    @Test
    void claim_ofAnotherPeriodKindOrWorkspace_isItsOwnRun() {
        jobs.claim(TEAM, "weekly_report", "2026-W47", "replica-a", T0);

        assertThat(jobs.claim(TEAM, "weekly_report", "2026-W48", "replica-a", T0)).isTrue();
        assertThat(jobs.claim(TEAM, "overdue_reminders", "2026-W47", "replica-a", T0)).isTrue();
        assertThat(jobs.claim(OTHER_TEAM, "weekly_report", "2026-W47", "replica-a", T0)).isTrue();
    }

    @Test
    void replicasClaimingTheSamePeriodAtOnce_onlyOneRunsIt() throws Exception {
        List<Callable<Boolean>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String runner = "replica-" + i;
            tasks.add(() -> db.jdbi().onDemand(JobRunRepository.class)
                    .claim(TEAM, "weekly_report", "2026-W47", runner, T0));
        }

        List<Boolean> won = runTogether(tasks);

        assertThat(won).containsOnlyOnce(true);
    }

    @Test
    void finish_marksTheRunFinished_inTheRecentList() {
        jobs.claim(TEAM, "weekly_report", "2026-W46", "replica-a", T0.minusSeconds(7 * 24 * 3600));
        jobs.claim(TEAM, "weekly_report", "2026-W47", "replica-b", T0);
        jobs.claim(TEAM, "overdue_reminders", "2026-11-15", "replica-a", T0.minusSeconds(3600));

        assertThat(jobs.finish(TEAM, "weekly_report", "2026-W46", T0.minusSeconds(7 * 24 * 3600 - 5))).isEqualTo(1);
        assertThat(jobs.finish(TEAM, "weekly_report", "2026-W01", T0)).isZero();

        assertThat(jobs.listRecent(10)).containsExactly(
                "weekly_report 2026-W47 by replica-b (running)",
                "overdue_reminders 2026-11-15 by replica-a (running)",
                "weekly_report 2026-W46 by replica-a");
        assertThat(jobs.listRecent(1)).hasSize(1);
    }
}
