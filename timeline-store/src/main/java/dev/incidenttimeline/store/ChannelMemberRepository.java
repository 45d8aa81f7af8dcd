package dev.incidenttimeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Current membership of incident channels, as far as the bot knows it: kept from join and
 * leave events and from {@code conversations.members} rechecks. Unknown is not "no".
 */
public interface ChannelMemberRepository {
    /** Records that {@code userId} is (or is no longer) in the channel, unless a newer fact is stored. */
    @SqlUpdate("""
            INSERT INTO channel_members (team_id, channel_id, user_id, is_member, checked_at)
            VALUES (:teamId, :channelId, :userId, :member, :at)
            ON CONFLICT (team_id, channel_id, user_id) DO UPDATE
                SET is_member = EXCLUDED.is_member, checked_at = EXCLUDED.checked_at
                WHERE channel_members.checked_at <= EXCLUDED.checked_at
            """)
    void set(String teamId, String channelId, String userId, boolean member, Instant at);

    /** Whether the user is in the channel, and since when the bot knows; empty when it does not know. */
    @SqlQuery("SELECT is_member FROM channel_members WHERE team_id = :teamId AND channel_id = :channelId"
            + " AND user_id = :userId")
    Optional<Boolean> isMember(String teamId, String channelId, String userId);

    @SqlQuery("SELECT checked_at FROM channel_members WHERE team_id = :teamId AND channel_id = :channelId"
            + " AND user_id = :userId")
    Optional<Instant> checkedAt(String teamId, String channelId, String userId);

    /** The channels {@code userId} is in now, as far as the bot knows. */
    @SqlQuery("SELECT channel_id FROM channel_members WHERE team_id = :teamId AND user_id = :userId AND is_member")
    List<String> listChannelsOf(String teamId, String userId);

    /** The channels {@code userId} is known to have left (or never to have been in, per a recheck). */
    @SqlQuery("SELECT channel_id FROM channel_members WHERE team_id = :teamId AND user_id = :userId AND NOT is_member")
    List<String> listChannelsNotOf(String teamId, String userId);

    /** Replaces what is known of a channel by a full member list from Slack (a recheck). */
    default void replaceMembers(String teamId, String channelId, List<String> members, Instant at) {
        markAllGone(teamId, channelId, at);
        members.forEach(u -> set(teamId, channelId, u, true, at));
    }

    @SqlUpdate("UPDATE channel_members SET is_member = false, checked_at = :at"
            + " WHERE team_id = :teamId AND channel_id = :channelId AND checked_at <= :at")
    void markAllGone(String teamId, String channelId, Instant at);
}
