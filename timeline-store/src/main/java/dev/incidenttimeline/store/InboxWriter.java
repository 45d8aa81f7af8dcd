package dev.incidenttimeline.store;

import java.nio.charset.StandardCharsets;
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
            INSERT INTO slack_events (team_id, event_id, event_type, body)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (team_id, event_id) DO NOTHING
            """;

    private final DataSource dataSource;

    public InboxWriter(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Stores an event durably (committed when this returns); false when it was already
     * stored (a Slack retry). The body is kept as the bytes Slack sent: legal JSON that
     * PostgreSQL's text and jsonb refuse (the escape {@code \u0000}) is stored all the same,
     * and cleaned only when the worker parses it.
     *
     * @throws IllegalStateException when the database refused or could not be reached
     */
    public boolean store(String teamId, String eventId, String eventType, String body) {
        return store(teamId, eventId, eventType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** See {@link #store(String, String, String, String)}. */
    public boolean store(String teamId, String eventId, String eventType, byte[] body) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, teamId);
            ps.setString(2, eventId);
            ps.setString(3, eventType);
            ps.setBytes(4, body);
            return ps.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new IllegalStateException("could not store event " + eventId + ": " + e.getMessage(), e);
        }
    }
}
