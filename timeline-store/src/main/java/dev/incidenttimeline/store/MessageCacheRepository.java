package dev.incidenttimeline.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.domain.CachedMessage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The bot's copy of incident-channel messages. */
@RegisterRowMapper(MessageCacheRepository.Mapper.class)
public interface MessageCacheRepository {
    ObjectMapper JSON = new ObjectMapper();

    /**
     * Stores a message, or refreshes the stored copy. An older edit never overwrites a newer
     * one, and a deleted message stays deleted.
     */
    default void upsert(CachedMessage m) {
        upsertRaw(m.teamId(), m.channelId(), m.ts(), m.threadTs(), m.userId(), m.botId(), m.subtype(), m.text(),
                filesJson(m.files()), m.editedTs(), m.deleted(), m.permalink(), m.postedAt());
    }

    @SqlUpdate("""
            INSERT INTO message_cache (team_id, channel_id, ts, thread_ts, user_id, bot_id, subtype, text, files,
                                       edited_ts, deleted, permalink, posted_at, updated_at)
            VALUES (:teamId, :channelId, :ts, :threadTs, :userId, :botId, :subtype, :text, CAST(:files AS jsonb),
                    :editedTs, :deleted, :permalink, :postedAt, now())
            ON CONFLICT (team_id, channel_id, ts) DO UPDATE SET
                thread_ts = COALESCE(EXCLUDED.thread_ts, message_cache.thread_ts),
                user_id = COALESCE(EXCLUDED.user_id, message_cache.user_id),
                bot_id = COALESCE(EXCLUDED.bot_id, message_cache.bot_id),
                subtype = COALESCE(EXCLUDED.subtype, message_cache.subtype),
                text = EXCLUDED.text,
                files = EXCLUDED.files,
                edited_ts = EXCLUDED.edited_ts,
                deleted = message_cache.deleted OR EXCLUDED.deleted,
                permalink = COALESCE(message_cache.permalink, EXCLUDED.permalink),
                updated_at = now()
            WHERE NOT message_cache.deleted
              AND COALESCE(EXCLUDED.edited_ts, '0')::numeric >= COALESCE(message_cache.edited_ts, '0')::numeric
            """)
    int upsertRaw(String teamId, String channelId, String ts, String threadTs, String userId, String botId,
            String subtype, String text, String files, String editedTs, boolean deleted, String permalink,
            Instant postedAt);

    @SqlQuery("SELECT * FROM message_cache WHERE team_id = :teamId AND channel_id = :channelId AND ts = :ts")
    Optional<CachedMessage> find(String teamId, String channelId, String ts);

    /**
     * Serialises every capture write about one message until the transaction ends, on any
     * replica: a tag, an edit and a delete of the same message never interleave, while
     * different messages of one busy channel are captured in parallel.
     */
    @SqlQuery("SELECT true FROM (SELECT pg_advisory_xact_lock(" + MESSAGE_LOCK + ")) locked")
    boolean lockMessage(String teamId, String channelId, String ts);

    /**
     * The advisory lock key of one message, from the parameters {@code :teamId},
     * {@code :channelId} and {@code :ts}; every statement that locks a message uses it.
     */
    String MESSAGE_LOCK = "hashtext('message'), hashtext(:teamId || '/' || :channelId || '/' || :ts)";

    /**
     * The newest message cached for a channel: where reconciliation resumes. Slack
     * timestamps have ten-digit seconds until the year 2286, so text order is time order.
     */
    @SqlQuery("""
            SELECT ts FROM message_cache WHERE team_id = :teamId AND channel_id = :channelId
            ORDER BY ts DESC LIMIT 1
            """)
    Optional<String> latestTs(String teamId, String channelId);

    /** Flags a message deleted; see {@link #markDeleted(String, String, String, Instant)}. */
    @SqlUpdate("""
            UPDATE message_cache SET deleted = true, updated_at = now()
            WHERE team_id = :teamId AND channel_id = :channelId AND ts = :ts
            """)
    int markDeleted(String teamId, String channelId, String ts);

    /**
     * Flags a message deleted at Slack time {@code at}. A message not cached yet (its delete
     * arrived first) gets a tombstone, so the message arriving late stays deleted; the
     * earliest deletion time is kept.
     */
    @SqlUpdate("""
            INSERT INTO message_cache (team_id, channel_id, ts, text, deleted, deleted_at, posted_at, updated_at)
            VALUES (:teamId, :channelId, :ts, '', true, :at, :postedAt, now())
            ON CONFLICT (team_id, channel_id, ts) DO UPDATE SET
                deleted = true,
                deleted_at = LEAST(message_cache.deleted_at, EXCLUDED.deleted_at),
                updated_at = now()
            """)
    int markDeleted(String teamId, String channelId, String ts, Instant postedAt, Instant at);

    /** When Slack says the message was deleted; empty when it is not deleted or the time is unknown. */
    @SqlQuery("""
            SELECT deleted_at FROM message_cache
            WHERE team_id = :teamId AND channel_id = :channelId AND ts = :ts AND deleted AND deleted_at IS NOT NULL
            """)
    Optional<Instant> deletedAt(String teamId, String channelId, String ts);

    @SqlUpdate("""
            UPDATE message_cache SET permalink = :permalink, updated_at = now()
            WHERE team_id = :teamId AND channel_id = :channelId AND ts = :ts
            """)
    int setPermalink(String teamId, String channelId, String ts, String permalink);

    @SqlQuery("SELECT count(*) FROM message_cache WHERE team_id = :teamId AND channel_id = :channelId")
    int count(String teamId, String channelId);

    /** A channel's messages in time order (thread replies included). */
    @SqlQuery("""
            SELECT * FROM message_cache WHERE team_id = :teamId AND channel_id = :channelId
            ORDER BY ts::numeric
            """)
    List<CachedMessage> listForChannel(String teamId, String channelId);

    static String filesJson(List<CachedMessage.SharedFile> files) {
        try {
            return JSON.writeValueAsString(files);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write file list", e);
        }
    }

    final class Mapper implements RowMapper<CachedMessage> {
        private static final TypeReference<List<CachedMessage.SharedFile>> FILES = new TypeReference<>() {
        };

        @Override
        public CachedMessage map(ResultSet rs, StatementContext ctx) throws SQLException {
            List<CachedMessage.SharedFile> files;
            try {
                files = JSON.readValue(rs.getString("files"), FILES);
            } catch (JsonProcessingException e) {
                throw new SQLException("bad files json in message_cache", e);
            }
            return new CachedMessage(
                    rs.getString("team_id"),
                    rs.getString("channel_id"),
                    rs.getString("ts"),
                    rs.getString("thread_ts"),
                    rs.getString("user_id"),
                    rs.getString("bot_id"),
                    rs.getString("subtype"),
                    rs.getString("text"),
                    files,
                    rs.getString("edited_ts"),
                    rs.getBoolean("deleted"),
                    rs.getString("permalink"),
                    IncidentRepository.instant(rs, "posted_at"));
        }
    }
}
