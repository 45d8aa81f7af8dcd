package dev.incidenttimeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ScheduledTaskRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    @BeforeEach
    void clean() {
        db.truncateAll();
    }

    /** A row as db-scheduler writes it for a recurring task (its instance is "recurring"). */
    private void task(String name, Instant next, boolean picked, Instant lastSuccess, int failures, Instant lastFailure) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO scheduled_tasks (task_name, task_instance, execution_time, picked, picked_by, last_success,
                                             last_failure, consecutive_failures, version)
                VALUES (:name, 'recurring', :next, :picked, :by, :success, :failure, :failures, 1)
                """).bind("name", name).bind("next", next).bind("picked", picked)
                .bind("by", picked ? "host-1a2b3c4d" : null).bind("success", lastSuccess)
                .bind("failure", lastFailure).bind("failures", failures).execute());
    }

    @Test
    void describesEachJob_nextRun_lastRun_andFailures() {
        task("weekly-report", Instant.parse("2026-11-30T09:00:00Z"), false, Instant.parse("2026-11-23T09:00:02Z"), 0,
                null);
        task("retention", Instant.parse("2026-11-24T03:00:00Z"), true, null, 2, Instant.parse("2026-11-23T03:10:00Z"));

        assertThat(db.jdbi().onDemand(ScheduledTaskRepository.class).describeAll()).containsExactly(
                "retention: next 2026-11-24T03:00:00Z (running on host-1a2b3c4d), not run yet, 2 failure(s) since,"
                        + " last at 2026-11-23T03:10:00Z",
                "weekly-report: next 2026-11-30T09:00:00Z, last run 2026-11-23T09:00:02Z");
    }
}
