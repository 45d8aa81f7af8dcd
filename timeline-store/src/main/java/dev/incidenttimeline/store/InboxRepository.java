package dev.incidenttimeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The durable inbox of Slack events. An event is stored by {@link InboxWriter} (unique on
 * its {@code event_id}) before Slack is acknowledged; workers on any replica claim pending rows with
 * {@code FOR UPDATE SKIP LOCKED} and process each inside the claiming transaction.
 */
@RegisterConstructorMapper(QueuedWork.class)
public interface InboxRepository {

    /**
     * Claims the oldest due event, locking its row for the caller's transaction; other
     * workers skip it. Must run inside a transaction. See {@link QueueSql#DUE} for when an
     * event is due.
     */
    @SqlQuery("SELECT team_id, event_id AS key, event_type AS type,"
            + " COALESCE(convert_from(body, 'UTF8'), payload::text) AS payload, attempts, received_at, 1 AS claims"
            + " FROM slack_events WHERE " + QueueSql.DUE
            + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
    Optional<QueuedWork> claimNext(Instant now);

    /** Whether any event is due, counting those another transaction has claimed and not yet finished. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM slack_events WHERE " + QueueSql.DUE + ")")
    boolean hasDue(Instant now);

    @SqlUpdate("""
            UPDATE slack_events SET status = 'done', processed_at = :at, attempts = attempts + 1, last_error = NULL
            WHERE team_id = :teamId AND event_id = :eventId
            """)
    int markDone(String teamId, String eventId, Instant at);

    /** Schedules another attempt, or parks the event when {@code park} is true. */
    @SqlUpdate("""
            UPDATE slack_events SET attempts = attempts + 1, last_error = :error, next_attempt_at = :nextAttemptAt,
                   status = CASE WHEN :park THEN 'parked' ELSE 'pending' END
            WHERE team_id = :teamId AND event_id = :eventId
            """)
    int markFailed(String teamId, String eventId, String error, Instant nextAttemptAt, boolean park);

    @SqlQuery("SELECT status FROM slack_events WHERE team_id = :teamId AND event_id = :eventId")
    Optional<String> status(String teamId, String eventId);

    /** Counts by status, for {@code status}: pending, done, parked. */
    @SqlQuery("SELECT status || '=' || count(*) FROM slack_events GROUP BY status ORDER BY status")
    List<String> countByStatus();

    @SqlQuery("""
            SELECT team_id || ' ' || event_id || ' ' || event_type || ' attempts=' || attempts || ': '
                   || COALESCE(last_error, '')
            FROM slack_events WHERE status = 'parked' ORDER BY received_at DESC LIMIT :limit
            """)
    List<String> listParked(int limit);

    @SqlQuery("SELECT min(received_at) FROM slack_events WHERE status = 'pending'")
    Optional<Instant> oldestPending();
}
