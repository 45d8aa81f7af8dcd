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
    /** How many done events {@code status} counts before it says "more". */
    int DONE_COUNT_BOUND = 10_000;

    /**
     * Claims the oldest due event, locking its row for the caller's transaction; other
     * workers skip it. Must run inside a transaction. See {@link QueueSql#DUE} for when an
     * event is due.
     */
    @SqlQuery("SELECT team_id, event_id AS key, event_type AS type,"
            + " COALESCE(convert_from(body, 'UTF8'), payload::text) AS payload, attempts, received_at, 1 AS claims"
            + " FROM slack_events WHERE " + QueueSql.CLAIMABLE
            + " ORDER BY next_attempt_at LIMIT (SELECT 1) FOR UPDATE SKIP LOCKED")
    Optional<QueuedWork> claimNext(Instant now);

    /**
     * Claims up to {@code limit} due events, oldest first, locking their rows for the caller's
     * transaction (a worker processes them as one batch); see {@link #claimNext(Instant)}.
     *
     * <p>Planned to walk the due index in order and stop at the limit, whatever the
     * statistics say. They are taken when the queue is quiet (pending about 0 %), so during a
     * burst the planner expects a handful of due events where thousands are due, and chose
     * to read and sort every one of them, bodies and all, for each claim: 35 ms with 10,000
     * queued, against 0.15 ms for the walk. The limit is a subquery, so it is not weighed
     * against that estimate, and sorting is ruled out for this statement alone.
     */
    default List<QueuedWork> claimBatch(Instant now, int limit) {
        planClaimsInIndexOrder();
        List<QueuedWork> claimed = claimBatchPlanned(now, limit);
        planAsUsual();
        return claimed;
    }

    /** The statement of {@link #claimBatch}. */
    String CLAIM_BATCH = "SELECT team_id, event_id AS key, event_type AS type,"
            + " COALESCE(convert_from(body, 'UTF8'), payload::text) AS payload, attempts, received_at, 1 AS claims"
            + " FROM slack_events WHERE " + QueueSql.CLAIMABLE
            + " ORDER BY next_attempt_at LIMIT (SELECT :limit) FOR UPDATE SKIP LOCKED";

    @SqlQuery(CLAIM_BATCH)
    List<QueuedWork> claimBatchPlanned(Instant now, int limit);

    /** For the rest of the transaction, or until {@link #planAsUsual}: no plan that sorts. */
    @SqlUpdate("SET LOCAL enable_sort = off")
    void planClaimsInIndexOrder();

    @SqlUpdate("SET LOCAL enable_sort = on")
    void planAsUsual();

    /** The key a message event is stored under, so that {@link #messagePending} finds it. */
    static String messageKey(String channelId, String ts) {
        return channelId + " " + ts;
    }

    /**
     * Whether the event of this message (channel and ts) is on its first try in the inbox:
     * waiting, or in a batch another transaction has not committed yet. One that failed
     * before is not counted, so nothing waits on its backoff. The key is kept only while
     * that holds (cleared when the event is done, parked or fails), so the lookup needs no
     * status and can only be answered by the key's own index (V15).
     */
    @SqlQuery(MESSAGE_PENDING)
    boolean messagePending(String teamId, String messageKey);

    /** The statement of {@link #messagePending}. */
    String MESSAGE_PENDING =
            "SELECT EXISTS (SELECT 1 FROM slack_events WHERE team_id = :teamId AND message_key = :messageKey)";

    /** Whether any event is due, counting those another transaction has claimed and not yet finished. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM slack_events WHERE " + QueueSql.DUE + ")")
    boolean hasDue(Instant now);

    @SqlUpdate("""
            UPDATE slack_events SET status = 'done', processed_at = :at, attempts = attempts + 1, last_error = NULL,
                   payload = NULL, body = NULL, message_key = NULL
            WHERE team_id = :teamId AND event_id = :eventId
            """)
    int markDone(String teamId, String eventId, Instant at);

    /**
     * Sets a claimed event aside for {@code seconds} while its worker reads from Slack with no
     * transaction open, so no other worker claims it meanwhile; a worker that dies mid-read
     * leaves it claimable again after that time.
     */
    @SqlUpdate("""
            UPDATE slack_events SET next_attempt_at = GREATEST(:now, now()) + make_interval(secs => :seconds)
            WHERE team_id = :teamId AND event_id = :eventId AND status = 'pending'
            """)
    int setAsideForFetch(String teamId, String eventId, Instant now, int seconds);

    /** Makes an event set aside for a fetch claimable at once. */
    @SqlUpdate("""
            UPDATE slack_events SET next_attempt_at = LEAST(:now, now())
            WHERE team_id = :teamId AND event_id = :eventId AND status = 'pending'
            """)
    int fetchDone(String teamId, String eventId, Instant now);

    /**
     * Puts pending events behind everything queued so far, still due at once: for events that
     * wait for others queued after them. The arrays pair a workspace with an event id.
     */
    @SqlUpdate("""
            UPDATE slack_events SET next_attempt_at = GREATEST(:now, now())
            WHERE (team_id, event_id) IN (SELECT * FROM unnest(:teamIds, :eventIds)) AND status = 'pending'
            """)
    int requeueAll(String[] teamIds, String[] eventIds, Instant now);

    /** Marks several events done in one statement; the arrays pair a workspace with an event id. */
    @SqlUpdate("""
            UPDATE slack_events SET status = 'done', processed_at = :at, attempts = attempts + 1, last_error = NULL,
                   payload = NULL, body = NULL, message_key = NULL
            WHERE (team_id, event_id) IN (SELECT * FROM unnest(:teamIds, :eventIds))
            """)
    int markAllDone(String[] teamIds, String[] eventIds, Instant at);

    /** Schedules another attempt, or parks the event when {@code park} is true. */
    @SqlUpdate("""
            UPDATE slack_events SET attempts = attempts + 1, last_error = :error, next_attempt_at = :nextAttemptAt,
                   status = CASE WHEN :park THEN 'parked' ELSE 'pending' END, message_key = NULL
            WHERE team_id = :teamId AND event_id = :eventId
            """)
    int markFailed(String teamId, String eventId, String error, Instant nextAttemptAt, boolean park);

    @SqlQuery("SELECT status FROM slack_events WHERE team_id = :teamId AND event_id = :eventId")
    Optional<String> status(String teamId, String eventId);

    /**
     * Counts by status, for {@code status}: only statuses with rows, in name order. Pending and parked
     * rows are counted through their partial indexes; done rows only up to {@link #DONE_COUNT_BOUND}
     * (shown as {@code done=10000+} beyond it), so that {@code status} never reads every done row.
     */
    @SqlQuery("SELECT status || '=' || n FROM ("
            + " SELECT 'done' AS status, CASE WHEN count(*) > " + DONE_COUNT_BOUND + " THEN '" + DONE_COUNT_BOUND + "+'"
            + " ELSE count(*)::text END AS n"
            + " FROM (SELECT 1 FROM slack_events WHERE status = 'done' LIMIT " + DONE_COUNT_BOUND + " + 1) d"
            + " UNION ALL SELECT 'parked', count(*)::text FROM slack_events WHERE status = 'parked'"
            + " UNION ALL SELECT 'pending', count(*)::text FROM slack_events WHERE status = 'pending'"
            + ") c WHERE n <> '0' ORDER BY status")
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
