package dev.incidenttimeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Which channels are incident channels, asked on the ack path of every message event so that
 * messages from other channels ({@code #general}, once someone invites the bot) are dropped
 * before they are stored. Channels found are remembered; a channel not remembered is always
 * looked up again, because another replica may have declared an incident there a moment ago.
 * An incident channel stays one (incidents keep their channel), so remembering cannot go stale.
 */
public final class IncidentChannelSet {
    private static final String FIND = """
            SELECT EXISTS (SELECT 1 FROM incidents WHERE team_id = ? AND channel_id = ?)
            """;

    private final DataSource dataSource;
    private final Set<String> known = ConcurrentHashMap.newKeySet();

    public IncidentChannelSet(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Whether {@code channelId} is an incident channel of {@code teamId}.
     *
     * @throws IllegalStateException when the database could not be asked
     */
    public boolean contains(String teamId, String channelId) {
        String key = teamId + "/" + channelId;
        if (known.contains(key)) {
            return true;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(FIND)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, teamId);
            ps.setString(2, channelId);
            try (ResultSet rs = ps.executeQuery()) {
                boolean found = rs.next() && rs.getBoolean(1);
                if (found) {
                    known.add(key);
                }
                return found;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not look up channel " + channelId + ": " + e.getMessage(), e);
        }
    }
}
