package dev.incidenttimeline.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.kagkarlsson.scheduler.event.AbstractSchedulerListener;
import com.github.kagkarlsson.scheduler.task.ExecutionComplete;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionJobTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    final List<RecurringJobs> schedulers = new ArrayList<>();
    final AtomicInteger runs = new AtomicInteger();

    @BeforeEach
    void clean() {
        db.truncateAll();
    }

    @AfterEach
    void stop() {
        schedulers.forEach(RecurringJobs::close);
    }

    private void doneEvent(String id, Instant at) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, status, received_at, processed_at)
                VALUES ('T1', :id, 'message', '{}', 'done', :at, :at)
                """).bind("id", id).bind("at", at).execute());
    }

    private int events() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slack_events").mapTo(Integer.class).one());
    }

    private Instant nextRun() {
        return db.jdbi().withHandle(h -> h.createQuery(
                "SELECT execution_time FROM scheduled_tasks WHERE task_name = 'retention' AND NOT picked")
                .mapTo(Instant.class).findOne().orElse(null));
    }

    /** A replica running the retention job on the test database, counting every run it completes. */
    private RecurringJobs replica(Clock clock) {
        RecurringJobs jobs = new RecurringJobs(db.dataSource(), clock, new RetentionJob(db.jdbi(), clock, 14)
                .recurringTasks(), Duration.ofMillis(100), new AbstractSchedulerListener() {
                    @Override
                    public void onExecutionComplete(ExecutionComplete done) {
                        runs.incrementAndGet();
                    }
                });
        schedulers.add(jobs);
        jobs.start();
        return jobs;
    }

    private void awaitNextRun(Instant next) {
        CaptureFixtures.await("retention scheduled at " + next, Duration.ofSeconds(20), () -> { },
                () -> next.equals(nextRun()));
    }

    @Test
    void runsOncePerDayAcrossReplicas_andDeletesDoneEventsOlderThanRetentionDays() {
        doneEvent("old", NOW.minus(Duration.ofDays(15)));
        doneEvent("recent", NOW.minus(Duration.ofDays(13)));
        MutableClock clock = new MutableClock(NOW);
        RecurringJobs one = replica(clock);
        RecurringJobs other = replica(clock);
        awaitNextRun(Instant.parse("2026-03-02T03:00:00Z"));
        assertThat(events()).as("nothing is deleted before 03:00 UTC").isEqualTo(2);

        clock.set(Instant.parse("2026-03-02T03:00:30Z"));
        one.checkNow();
        other.checkNow();
        awaitNextRun(Instant.parse("2026-03-03T03:00:00Z"));
        // A run is counted once its completion has been reported, which follows the reschedule.
        awaitRuns(1);
        one.checkNow();
        other.checkNow();
        assertThat(runs.get()).as("runs across both replicas").isEqualTo(1);
        assertThat(events()).as("the 15-day-old event is gone; the 13-day-old one is 14 days old, not older")
                .isEqualTo(1);

        doneEvent("old-again", NOW.minus(Duration.ofDays(20)));

        clock.set(Instant.parse("2026-03-03T03:00:30Z"));
        one.checkNow();
        awaitNextRun(Instant.parse("2026-03-04T03:00:00Z"));
        awaitRuns(2);
        assertThat(runs.get()).isEqualTo(2);
        assertThat(events()).isEqualTo(0);
    }

    private void awaitRuns(int n) {
        CaptureFixtures.await(n + " run(s) reported", Duration.ofSeconds(20), () -> { }, () -> runs.get() >= n);
    }
}
