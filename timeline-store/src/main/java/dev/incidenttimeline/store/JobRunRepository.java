package dev.incidenttimeline.store;

import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * Work that must not run twice at the same time but has no schedule (reconciling a channel)
 * takes an advisory lock here. The recurring jobs (weekly report, reminders, retention) run on
 * the scheduler's own table, {@code scheduled_tasks}; {@code job_runs}, where they were once
 * claimed, is no longer written (V12).
 */
public interface JobRunRepository {

    /**
     * Takes a session-level advisory lock on {@code (scope, teamId, key)} without waiting:
     * true when this connection now holds it. For work that must not run twice at the same
     * time but has no period (reconciling a channel); the lock dies with the connection, so a
     * crashed replica never leaves it behind. Release it on the same handle with {@link #unlock}.
     */
    @SqlQuery("SELECT pg_try_advisory_lock(hashtext(:scope), hashtext(:teamId || '/' || :key))")
    boolean tryLock(String scope, String teamId, String key);

    @SqlQuery("SELECT pg_advisory_unlock(hashtext(:scope), hashtext(:teamId || '/' || :key))")
    boolean unlock(String scope, String teamId, String key);
}
