package dev.incidenttimeline.store;

import java.time.Instant;
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
        return insert(teamId, dedupeKey, kind, payloadJson) == 1;
    }

    @SqlUpdate("""
            INSERT INTO slack_effects (team_id, dedupe_key, kind, payload)
            VALUES (:teamId, :dedupeKey, :kind, CAST(:payload AS jsonb))
            ON CONFLICT (team_id, dedupe_key) DO NOTHING
            """)
    int insert(String teamId, String dedupeKey, String kind, String payload);

    /**
     * Claims the oldest due effect for the caller's transaction ({@code FOR UPDATE SKIP LOCKED});
     * see {@link QueueSql#DUE} for when an effect is due.
     */
    @SqlQuery("SELECT team_id, id::text AS key, kind AS type, payload::text AS payload, attempts, created_at AS received_at"
            + " FROM slack_effects WHERE " + QueueSql.DUE
            + " ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED")
    Optional<QueuedWork> claimNext(Instant now);

    /** Whether any effect is due, counting those another transaction has claimed and not yet finished. */
    @SqlQuery("SELECT EXISTS (SELECT 1 FROM slack_effects WHERE " + QueueSql.DUE + ")")
    boolean hasDue(Instant now);

    @SqlUpdate("""
            UPDATE slack_effects SET status = 'done', done_at = :at, attempts = attempts + 1, last_error = NULL
            WHERE team_id = :teamId AND id = CAST(:id AS bigint)
            """)
    int markDone(String teamId, String id, Instant at);

    @SqlUpdate("""
            UPDATE slack_effects SET attempts = attempts + 1, last_error = :error, next_attempt_at = :nextAttemptAt,
                   status = CASE WHEN :park THEN 'parked' ELSE 'pending' END
            WHERE team_id = :teamId AND id = CAST(:id AS bigint)
            """)
    int markFailed(String teamId, String id, String error, Instant nextAttemptAt, boolean park);

    @SqlQuery("SELECT status || '=' || count(*) FROM slack_effects GROUP BY status ORDER BY status")
    List<String> countByStatus();

    @SqlQuery("""
            SELECT team_id || ' #' || id || ' ' || kind || ' attempts=' || attempts || ': ' || COALESCE(last_error, '')
            FROM slack_effects WHERE status = 'parked' ORDER BY created_at DESC LIMIT :limit
            """)
    List<String> listParked(int limit);

    @SqlQuery("SELECT count(*) FROM slack_effects WHERE team_id = :teamId AND kind = :kind AND status = 'done'")
    int countDone(String teamId, String kind);
}
