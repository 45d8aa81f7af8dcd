package dev.incidenttimeline.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.bot.outbox.RetentionJob;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code status} shows each recurring job as the scheduler keeps it: next run, last run. */
class StatusCommandTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private long runs() {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM scheduled_tasks WHERE task_name = 'retention' AND last_success IS NOT NULL")
                .mapTo(Long.class).one());
    }

    @Test
    void status_showsWhenEachScheduledJobRunsNext_andWhenItLastRan() {
        assertThat(CliRun.run(Map.of("DATABASE_URL", db.jdbcUrl()), "status").out())
                .contains("Scheduled jobs: none scheduled yet (serve schedules them)");

        MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));
        try (RecurringJobs jobs = new RecurringJobs(db.dataSource(), clock,
                new RetentionJob(db.jdbi(), clock, 14).recurringTasks(), Duration.ofMillis(100))) {
            jobs.start();
            CaptureFixtures.await("retention to be scheduled", Duration.ofSeconds(20), () -> { },
                    () -> CliRun.run(Map.of("DATABASE_URL", db.jdbcUrl()), "status").out()
                            .contains("  retention: next 2026-03-02T03:00:00Z, not run yet"));

            clock.set(Instant.parse("2026-03-02T03:00:07Z"));
            jobs.checkNow();
            CaptureFixtures.await("retention to run", Duration.ofSeconds(20), () -> { }, () -> runs() == 1);
        }

        CliRun status = CliRun.run(Map.of("DATABASE_URL", db.jdbcUrl()), "status");
        assertThat(status.code()).isZero();
        assertThat(status.out()).contains("Scheduled jobs: \n  retention: next 2026-03-03T03:00:00Z,"
                + " last run 2026-03-02T03:00:07Z\n");
    }
}
