package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.ActionTicket;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The tracker tickets of action items: one per item at most. */
@RegisterRowMapper(TicketRepository.Mapper.class)
public interface TicketRepository {

    /** Records the ticket of an item, replacing the one it had (a link made by hand wins). */
    @SqlUpdate("""
            INSERT INTO action_item_tickets (team_id, incident_number, number, tracker, ticket_id, ticket_key, url,
                                             state, status_name, synced_assignee, synced_due, linked_by, created_at,
                                             synced_at)
            VALUES (:teamId, :incidentNumber, :number, :tracker, :ticketId, :ticketKey, :url,
                    CASE WHEN :closed THEN 'closed' ELSE 'open' END, :statusName, :syncedAssignee, :syncedDue,
                    :linkedBy, :createdAt, :createdAt)
            ON CONFLICT (team_id, incident_number, number) DO UPDATE SET tracker = EXCLUDED.tracker,
                ticket_id = EXCLUDED.ticket_id, ticket_key = EXCLUDED.ticket_key, url = EXCLUDED.url,
                state = EXCLUDED.state, status_name = EXCLUDED.status_name,
                synced_assignee = EXCLUDED.synced_assignee, synced_due = EXCLUDED.synced_due,
                linked_by = EXCLUDED.linked_by, created_at = EXCLUDED.created_at, synced_at = EXCLUDED.synced_at
            """)
    void save(String teamId, long incidentNumber, int number, String tracker, String ticketId, String ticketKey,
            String url, boolean closed, String statusName, String syncedAssignee, LocalDate syncedDue,
            String linkedBy, Instant createdAt);

    @SqlQuery("""
            SELECT * FROM action_item_tickets
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    Optional<ActionTicket> find(String teamId, long incidentNumber, int number);

    /** The item a tracker's ticket belongs to, by the tracker's id or its key; with its team. */
    @SqlQuery("""
            SELECT team_id FROM action_item_tickets
            WHERE tracker = :tracker AND (ticket_id = :idOrKey OR ticket_key = :idOrKey)
            ORDER BY created_at LIMIT 1
            """)
    Optional<String> findTeam(String tracker, String idOrKey);

    @SqlQuery("""
            SELECT * FROM action_item_tickets
            WHERE tracker = :tracker AND (ticket_id = :idOrKey OR ticket_key = :idOrKey)
            ORDER BY created_at LIMIT 1
            """)
    Optional<ActionTicket> findByTicket(String tracker, String idOrKey);

    /** Tickets of a team's incidents, for lists. */
    @SqlQuery("""
            SELECT * FROM action_item_tickets
            WHERE team_id = :teamId AND incident_number = ANY(:incidentNumbers)
            ORDER BY incident_number, number
            """)
    List<ActionTicket> listForIncidents(String teamId, long[] incidentNumbers);

    /** What the tracker now says: state, status name, assignee and due date. */
    @SqlUpdate("""
            UPDATE action_item_tickets SET state = CASE WHEN :closed THEN 'closed' ELSE 'open' END,
                   status_name = :statusName, synced_assignee = :syncedAssignee, synced_due = :syncedDue,
                   ticket_id = :ticketId, synced_at = :at
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    int recordSynced(String teamId, long incidentNumber, int number, String ticketId, boolean closed,
            String statusName, String syncedAssignee, LocalDate syncedDue, Instant at);

    @SqlUpdate("""
            DELETE FROM action_item_tickets
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    int delete(String teamId, long incidentNumber, int number);

    /** Team ids, incident numbers and item numbers of the tickets of open items, for the hourly check. */
    @SqlQuery("""
            SELECT t.* FROM action_item_tickets t
            JOIN action_items a USING (team_id, incident_number, number)
            WHERE t.team_id = :teamId AND (a.status = 'open' OR t.state = 'open')
            ORDER BY t.incident_number, t.number
            """)
    List<ActionTicket> listToReconcile(String teamId);

    /** Teams with tickets or items, for the hourly check. */
    @SqlQuery("SELECT DISTINCT team_id FROM action_items ORDER BY team_id")
    List<String> listTeams();

    /**
     * Open items with no ticket and no pending creation, added since {@code since}, that did not
     * opt out: the hourly check creates their ticket (after looking for it by its label).
     */
    @SqlQuery("""
            SELECT a.incident_number || '#' || a.number FROM action_items a
            WHERE a.team_id = :teamId AND a.status = 'open' AND NOT a.ticket_opt_out AND a.created_at >= :since
              AND NOT EXISTS (SELECT 1 FROM action_item_tickets t WHERE t.team_id = a.team_id
                              AND t.incident_number = a.incident_number AND t.number = a.number)
              AND NOT EXISTS (SELECT 1 FROM slack_effects e WHERE e.team_id = a.team_id AND e.status = 'pending'
                              AND e.kind = 'ticket_create'
                              AND e.payload ->> 'item' = a.incident_number || '#' || a.number)
            ORDER BY a.incident_number, a.number
            """)
    List<String> listMissingTickets(String teamId, Instant since);

    /**
     * Ticket calls not yet made (waiting for a retry) or given up on, for {@code status}:
     * {@code pending=2, parked=1}.
     */
    @SqlQuery("""
            SELECT status || '=' || count(*) FROM slack_effects
            WHERE kind LIKE 'ticket\\_%' AND status IN ('pending', 'parked')
            GROUP BY status ORDER BY status
            """)
    List<String> countPendingSyncs();

    /** The newest failures of ticket calls, for {@code status}. */
    @SqlQuery("""
            SELECT team_id || ' ' || kind || ' ' || COALESCE(payload ->> 'item', '') || ' attempts=' || attempts
                   || ': ' || COALESCE(last_error, 'not tried yet')
            FROM slack_effects WHERE kind LIKE 'ticket\\_%' AND status IN ('pending', 'parked')
            ORDER BY created_at DESC LIMIT :limit
            """)
    List<String> listPendingSyncs(int limit);

    @SqlQuery("""
            SELECT ticket_opt_out FROM action_items
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    boolean optedOut(String teamId, long incidentNumber, int number);

    /** The Slack user with this email (case-insensitive), for a tracker's assignee. */
    @SqlQuery("""
            SELECT user_id FROM slack_users
            WHERE team_id = :teamId AND lower(email) = lower(:email) AND NOT is_deleted
            ORDER BY user_id LIMIT 1
            """)
    Optional<String> findSlackUserByEmail(String teamId, String email);

    /**
     * The people of an incident whose email is known (its item owners, commander, DRI and
     * participants), as {@code user_id TAB email}: who a tracker's new assignee may be.
     */
    @SqlQuery("""
            SELECT u.user_id || chr(9) || u.email FROM slack_users u
            WHERE u.team_id = :teamId AND u.email IS NOT NULL AND NOT u.is_deleted AND u.user_id IN (
                SELECT owner_id FROM action_items WHERE team_id = :teamId AND incident_number = :incidentNumber
                UNION SELECT user_id FROM participants WHERE team_id = :teamId AND incident_number = :incidentNumber
                UNION SELECT commander_id FROM incidents WHERE team_id = :teamId AND number = :incidentNumber
                UNION SELECT dri_id FROM incidents WHERE team_id = :teamId AND number = :incidentNumber)
            ORDER BY u.user_id LIMIT 25
            """)
    List<String> listKnownEmails(String teamId, long incidentNumber);

    @SqlQuery("""
            SELECT source_message_ts FROM action_items
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
              AND source_message_ts IS NOT NULL
            """)
    Optional<String> findSourceMessageTs(String teamId, long incidentNumber, int number);

    final class Mapper implements RowMapper<ActionTicket> {
        @Override
        public ActionTicket map(ResultSet rs, StatementContext ctx) throws SQLException {
            Date due = rs.getDate("synced_due");
            return new ActionTicket(rs.getLong("incident_number"), rs.getInt("number"), rs.getString("tracker"),
                    rs.getString("ticket_id"), rs.getString("ticket_key"), rs.getString("url"),
                    "closed".equals(rs.getString("state")), rs.getString("status_name"),
                    rs.getString("synced_assignee"), due == null ? null : due.toLocalDate(),
                    rs.getString("linked_by"), IncidentRepository.instant(rs, "created_at"),
                    IncidentRepository.instant(rs, "synced_at"));
        }
    }
}
