package dev.incidenttimeline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Slash commands and interactions already taken: each is recorded under its key before it
 * is acted on, so a replay of the same signed request, or a form submitted twice, is
 * recognised and changes nothing. Plain JDBC, committed at once, like {@link InboxWriter}:
 * it runs on the ack path and must not hold a transaction open while the command runs.
 */
public final class RequestLog {
    private static final String INSERT = """
            INSERT INTO slack_requests (team_id, request_key, kind) VALUES (?, ?, ?)
            ON CONFLICT (team_id, request_key) DO NOTHING
            """;
    private static final String DELETE = "DELETE FROM slack_requests WHERE team_id = ? AND request_key = ?";

    private final DataSource dataSource;

    public RequestLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a request; false when it was recorded before (a replay).
     *
     * @throws IllegalStateException when the database refused or could not be reached
     */
    public boolean firstTime(String teamId, String requestKey, String kind) {
        return update(INSERT, teamId, requestKey, kind) == 1;
    }

    /** Forgets a request that was answered without acting (a form sent back with errors), so it can be sent again. */
    public void forget(String teamId, String requestKey) {
        update(DELETE, teamId, requestKey, null);
    }

    private int update(String sql, String teamId, String requestKey, String kind) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, teamId);
            ps.setString(2, requestKey);
            if (kind != null) {
                ps.setString(3, kind);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record request: " + e.getMessage(), e);
        }
    }
}
