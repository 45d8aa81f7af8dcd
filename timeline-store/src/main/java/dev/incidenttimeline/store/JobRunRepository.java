package dev.incidenttimeline.store;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Scheduled jobs run once per period across every replica: whoever inserts the
 * (team, kind, period) row first runs it; the others see a conflict and skip.
 */
public interface JobRunRepository {

    /** Claims a period of a job; returns false when another run (on any replica) has it. */
    default boolean claim(String teamId, String kind, String period, String runner, Instant at) {
        return insert(teamId, kind, period, runner, at) == 1;
    }

    @SqlUpdate("""
            INSERT INTO job_runs (team_id, kind, period, started_at, runner)
            VALUES (:teamId, :kind, :period, :at, :runner)
            ON CONFLICT DO NOTHING
            """)
    int insert(String teamId, String kind, String period, String runner, Instant at);

    @SqlUpdate("UPDATE job_runs SET finished_at = :at WHERE team_id = :teamId AND kind = :kind AND period = :period")
    int finish(String teamId, String kind, String period, Instant at);

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

    @SqlQuery("""
            SELECT kind || ' ' || period || ' by ' || runner || CASE WHEN finished_at IS NULL THEN ' (running)' ELSE '' END
            FROM job_runs ORDER BY started_at DESC LIMIT :limit
            """)
    List<String> listRecent(int limit);
}
