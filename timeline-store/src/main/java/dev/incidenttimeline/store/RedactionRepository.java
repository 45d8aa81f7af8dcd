package dev.incidenttimeline.store;

import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The audit of redactions: which kind of secret was removed from which message, never the secret. */
public interface RedactionRepository {
    @SqlUpdate("INSERT INTO redactions (team_id, channel_id, message_ts, kind) VALUES (:teamId, :channelId, :ts, :kind)")
    void record(String teamId, String channelId, String ts, String kind);

    /** The kinds redacted from one message, oldest first. */
    @SqlQuery("SELECT kind FROM redactions WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :ts"
            + " ORDER BY id")
    List<String> kinds(String teamId, String channelId, String ts);
}
