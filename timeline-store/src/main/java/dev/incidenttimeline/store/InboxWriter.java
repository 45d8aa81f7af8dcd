package dev.incidenttimeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The write that stands between Slack and its 2xx: one event into the inbox, unique on its
 * {@code event_id}. Plain JDBC on purpose: it runs for every delivery, and a Jdbi handle and
 * SqlObject per request cost more than the insert itself. (Reads and the rest of the inbox
 * go through {@link InboxRepository}.)
 */
public final class InboxWriter {
    private static final String INSERT = """
            INSERT INTO slack_events (team_id, event_id, event_type, payload)
            VALUES (?, ?, ?, CAST(? AS jsonb))
            ON CONFLICT (team_id, event_id) DO NOTHING
            """;

    private final DataSource dataSource;

    public InboxWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores an event durably (committed when this returns); false when it was already
     * stored (a Slack retry).
     *
     * @throws IllegalStateException when the database refused or could not be reached
     */
    public boolean store(String teamId, String eventId, String eventType, String payloadJson) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, teamId);
            ps.setString(2, eventId);
            ps.setString(3, eventType);
            ps.setString(4, payloadJson);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store event " + eventId + ": " + e.getMessage(), e);
        }
    }
}
