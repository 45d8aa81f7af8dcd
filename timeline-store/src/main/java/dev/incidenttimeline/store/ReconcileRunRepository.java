package dev.incidenttimeline.store;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The lease and the progress of reconciling one incident's channel: one row per incident.
 * Every method is one statement for the caller's short transaction; the lease is a row
 * ({@code locked_by}, {@code locked_until}), not a session lock, so nothing is held between
 * transactions but the row itself, and a replica that died leaves a lease that runs out.
 */
@RegisterConstructorMapper(ReconcileRunRepository.Run.class)
public interface ReconcileRunRepository {

    /**
     * Where a run stands.
     *
     * @param oldest     the lower bound of the run's reads; null for the whole channel
     * @param nextCursor the history cursor of the next page; null for the first page, or for
     *                   none left once {@code pages > 0}
     * @param startedAt  null before the first run
     * @param finishedAt null while a run is under way (or stopped half-way)
     */
    record Run(String teamId, long incidentNumber, String oldest, String nextCursor, int pages, Instant startedAt,
            Instant finishedAt) {
        /** A run that started and did not finish: it resumes at {@link #nextCursor}. */
        public boolean unfinished() {
            return startedAt != null && finishedAt == null;
        }

        /** Every page of an unfinished run has been applied; what is left is finishing it. */
        public boolean allPagesRead() {
            return pages > 0 && nextCursor == null;
        }
    }

    /**
     * Takes the lease for {@code worker} until {@code until} when nobody holds it or its
     * holder's lease ran out; returns where the run stands, or empty when another holds it.
     */
    @SqlQuery("""
            INSERT INTO reconcile_runs (team_id, incident_number, locked_by, locked_until)
            VALUES (:teamId, :number, :worker, :until)
            ON CONFLICT (team_id, incident_number) DO UPDATE SET locked_by = :worker, locked_until = :until
            WHERE reconcile_runs.locked_until IS NULL OR reconcile_runs.locked_until < :now
               OR reconcile_runs.locked_by = :worker
            RETURNING team_id, incident_number, oldest, next_cursor, pages, started_at, finished_at
            """)
    Optional<Run> acquire(String teamId, long number, String worker, Instant now, Instant until);

    /** Starts a new run from its first page; 0 when {@code worker} does not hold the lease. */
    @SqlUpdate("""
            UPDATE reconcile_runs SET oldest = :oldest, next_cursor = NULL, pages = 0, started_at = :now,
                   finished_at = NULL
            WHERE team_id = :teamId AND incident_number = :number AND locked_by = :worker
            """)
    int begin(String teamId, long number, String worker, String oldest, Instant now);

    /**
     * Records that a page was applied and where the next one starts ({@code null}: none
     * left), and renews the lease; 0 when the lease was lost (the caller rolls its page back).
     */
    @SqlUpdate("""
            UPDATE reconcile_runs SET next_cursor = :nextCursor, pages = pages + 1, locked_until = :until
            WHERE team_id = :teamId AND incident_number = :number AND locked_by = :worker
            """)
    int pageApplied(String teamId, long number, String worker, String nextCursor, Instant until);

    /** Keeps the lease (before a wait, after a page of thread replies); 0 when it was lost. */
    @SqlUpdate("""
            UPDATE reconcile_runs SET locked_until = :until
            WHERE team_id = :teamId AND incident_number = :number AND locked_by = :worker
            """)
    int renew(String teamId, long number, String worker, Instant until);

    /** Ends the run and gives the lease back. */
    @SqlUpdate("""
            UPDATE reconcile_runs SET finished_at = :now, next_cursor = NULL, locked_by = NULL, locked_until = NULL
            WHERE team_id = :teamId AND incident_number = :number AND locked_by = :worker
            """)
    int finish(String teamId, long number, String worker, Instant now);

    /** Gives the lease back and keeps the progress, so the next run resumes (after a failure). */
    @SqlUpdate("""
            UPDATE reconcile_runs SET locked_by = NULL, locked_until = NULL
            WHERE team_id = :teamId AND incident_number = :number AND locked_by = :worker
            """)
    int release(String teamId, long number, String worker);

    @SqlQuery("""
            SELECT team_id, incident_number, oldest, next_cursor, pages, started_at, finished_at
            FROM reconcile_runs WHERE team_id = :teamId AND incident_number = :number
            """)
    Optional<Run> find(String teamId, long number);
}
