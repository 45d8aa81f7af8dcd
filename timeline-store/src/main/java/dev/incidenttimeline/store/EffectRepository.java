package dev.incidenttimeline.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The outbox of Slack Web API calls. A cause (a command, an event) writes its effects in
 * the same transaction as its data; a worker performs them with retries. The dedupe key
 * keeps an effect single when its cause is processed again.
 */
@RegisterConstructorMapper(QueuedWork.class)
public interface EffectRepository {

    /** Queues an effect; returns false when one with that key was already queued. */
    default boolean enqueue(String teamId, String dedupeKey, String kind, String payloadJson) {
        return insert(teamId, dedupeKey, kind, payloadJson, null, false) == 1;
    }

    /**
     * Queues an effect on a target: effects with the same {@code orderKey} run one at a time
     * in the order they were queued; when {@code replaces}, the effect replaces state (a
     * topic, an App Home view) and a newer one with the same key makes it unnecessary.
     */
    default boolean enqueue(String teamId, String dedupeKey, String kind, String payloadJson, String orderKey,
            boolean replaces) {
        return insert(teamId, dedupeKey, kind, payloadJson, orderKey, replaces) == 1;
    }

    @SqlUpdate("""
            INSERT INTO slack_effects (team_id, dedupe_key, kind, payload, order_key, replaces)
            VALUES (:teamId, :dedupeKey, :kind, CAST(:payload AS jsonb), :orderKey, :replaces)
            ON CONFLICT (team_id, dedupe_key) DO NOTHING
            """)
    int insert(String teamId, String dedupeKey, String kind, String payload, String orderKey, boolean replaces);

    /**
     * Settles state-replacing effects that a newer one of the same target makes moot, unless a
     * worker holds them: the last write wins without being overtaken by an older retry.
     */
    @SqlUpdate("""
            UPDATE slack_effects o SET status = 'done', done_at = :now, last_error = 'superseded', payload = '{}',
                   locked_by = NULL, locked_until = NULL
            WHERE o.status = 'pending' AND o.replaces AND (o.locked_until IS NULL OR o.locked_until < :now)
              AND o.id < (SELECT max(n.id) FROM slack_effects n
                          WHERE n.team_id = o.team_id AND n.order_key = o.order_key AND n.status = 'pending')
            """)
    int settleSuperseded(Instant now);

    /**
     * Claim: leases the oldest due effects, up to {@code limit}, to {@code worker} until
     * {@code leaseUntil}, in the caller's short transaction; the calls are then made with no
     * transaction open. An effect whose lease ran out (its worker died) is due again. An
     * effect waits while an older one of its target is pending (posts keep their order) or,
     * for state-replacing effects, while an older one is being called. The scan follows
     * {@code slack_effects_pending_order_idx} and stops at the limit; the wait is looked up
     * only for effects that have a target.
     */
    @SqlQuery("""
            UPDATE slack_effects e SET locked_by = :worker, locked_until = :leaseUntil, claims = e.claims + 1
            WHERE (e.team_id, e.id) IN (
                SELECT c.team_id, c.id FROM slack_effects c
                WHERE c.status = 'pending' AND (c.attempts = 0 OR c.next_attempt_at <= :now)
                  AND (c.locked_until IS NULL OR c.locked_until < :now)
                  AND (c.order_key IS NULL
                       OR NOT EXISTS (SELECT 1 FROM slack_effects o
                                      WHERE o.team_id = c.team_id AND o.order_key = c.order_key AND o.id < c.id
                                        AND o.status = 'pending' AND (NOT c.replaces OR o.locked_until >= :now)))
                ORDER BY c.next_attempt_at, c.id LIMIT :limit FOR UPDATE SKIP LOCKED)
            RETURNING e.team_id, e.id::text AS key, e.kind AS type, e.payload::text AS payload, e.attempts,
                      e.created_at AS received_at, e.claims
            """)
    List<QueuedWork> claimLeasedRows(Instant now, String worker, Instant leaseUntil, int limit);

    /**
     * Leases up to {@code limit} due effects, oldest first (see {@link #claimLeasedRows}). No two
     * of one target are leased together unless the newer replaces the older's state, and then
     * the older comes first.
     */
    default List<QueuedWork> claimLeased(Instant now, String worker, Instant leaseUntil, int limit) {
        List<QueuedWork> rows = new ArrayList<>(claimLeasedRows(now, worker, leaseUntil, limit));
        rows.sort(Comparator.comparingLong(w -> Long.parseLong(w.key())));
        return rows;
    }

    /**
     * Gives back leased effects that were not called (their worker is stopping): claimable
     * again at once, and not counted as handed out.
     */
    @SqlUpdate("""
            UPDATE slack_effects SET locked_by = NULL, locked_until = NULL, claims = claims - 1
            WHERE (team_id, id) IN (SELECT t, CAST(i AS bigint) FROM unnest(:teamIds, :ids) AS u(t, i))
              AND status = 'pending'
            """)
    int release(String[] teamIds, String[] ids);

    /**
     * Claims the oldest due effect for the caller's transaction ({@code FOR UPDATE SKIP LOCKED});
     * see {@link QueueSql#DUE} for when an effect is due.
     */
    @SqlQuery("SELECT team_id, id::text AS key, kind AS type, payload::text AS payload, attempts, created_at AS received_at,"
            + " claims FROM slack_effects WHERE " + QueueSql.DUE
            + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
    Optional<QueuedWork> claimNext(Instant now);

    /** Whether any effect is due, counting those another transaction has claimed and not yet finished. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM slack_effects WHERE " + QueueSql.DUE + ")")
    boolean hasDue(Instant now);

    @SqlUpdate("""
            UPDATE slack_effects SET status = 'done', done_at = :at, attempts = attempts + 1, last_error = NULL,
                   payload = '{}', locked_by = NULL, locked_until = NULL
            WHERE team_id = :teamId AND id = CAST(:id AS bigint)
            """)
    int markDone(String teamId, String id, Instant at);

    @SqlUpdate("""
            UPDATE slack_effects SET attempts = attempts + 1, last_error = :error, next_attempt_at = :nextAttemptAt,
                   status = CASE WHEN :park THEN 'parked' ELSE 'pending' END, locked_by = NULL, locked_until = NULL
            WHERE team_id = :teamId AND id = CAST(:id AS bigint)
            """)
    int markFailed(String teamId, String id, String error, Instant nextAttemptAt, boolean park);

    /**
     * Counts by status, for {@code status}: only statuses with rows, in name order. Pending and parked
     * rows are counted through their partial indexes; done rows only up to {@link InboxRepository.DONE_COUNT_BOUND}
     * (shown as {@code done=10000+} beyond it), so that {@code status} never reads every done row.
     */
    @SqlQuery("SELECT status || '=' || n FROM ("
            + " SELECT 'done' AS status, CASE WHEN count(*) > " + InboxRepository.DONE_COUNT_BOUND + " THEN '" + InboxRepository.DONE_COUNT_BOUND + "+'"
            + " ELSE count(*)::text END AS n"
            + " FROM (SELECT 1 FROM slack_effects WHERE status = 'done' LIMIT " + InboxRepository.DONE_COUNT_BOUND + " + 1) d"
            + " UNION ALL SELECT 'parked', count(*)::text FROM slack_effects WHERE status = 'parked'"
            + " UNION ALL SELECT 'pending', count(*)::text FROM slack_effects WHERE status = 'pending'"
            + ") c WHERE n <> '0' ORDER BY status")
    List<String> countByStatus();

    @SqlQuery("""
            SELECT team_id || ' #' || id || ' ' || kind || ' attempts=' || attempts || ': ' || COALESCE(last_error, '')
            FROM slack_effects WHERE status = 'parked' ORDER BY created_at DESC LIMIT :limit
            """)
    List<String> listParked(int limit);

    @SqlQuery("SELECT count(*) FROM slack_effects WHERE team_id = :teamId AND kind = :kind AND status = 'done'")
    int countDone(String teamId, String kind);
}
