package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionItemNotFoundException;
import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.IncidentNotFoundException;
import dev.incidenttimeline.domain.NewActionItem;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.CreateSqlObject;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.transaction.Transaction;

/** Action items, numbered #1, #2 … within their incident. */
@RegisterRowMapper(ActionItemRepository.Mapper.class)
public interface ActionItemRepository {

    @CreateSqlObject
    IncidentRepository incidents();

    /**
     * Adds an item with the next number of its incident. An item that came from a message
     * ({@code sourceMessageTs}) is added once: adding it again returns the first one.
     */
    @Transaction
    default ActionItem add(String teamId, NewActionItem n) {
        incidents().lock(teamId, n.incidentNumber())
                .orElseThrow(() -> new IncidentNotFoundException("no incident INC-" + n.incidentNumber()));
        if (n.sourceMessageTs() != null) {
            Optional<ActionItem> existing = findBySource(teamId, n.incidentNumber(), n.sourceMessageTs());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        return insert(teamId, n.incidentNumber(), n.text(), n.ownerId(), n.dueDate(), n.priority().level(),
                n.kind().code(), n.createdBy(), n.createdAt(), n.sourceMessageTs());
    }

    @SqlQuery("""
            INSERT INTO action_items (team_id, incident_number, number, text, owner_id, due_date, priority, kind,
                                      created_by, created_at, source_message_ts)
            VALUES (:teamId, :incidentNumber,
                    (SELECT COALESCE(max(number), 0) + 1 FROM action_items
                     WHERE team_id = :teamId AND incident_number = :incidentNumber),
                    :text, :ownerId, :dueDate, :priority, :kind, :createdBy, :createdAt, :sourceMessageTs)
            RETURNING *
            """)
    ActionItem insert(String teamId, long incidentNumber, String text, String ownerId, LocalDate dueDate,
            int priority, String kind, String createdBy, Instant createdAt, String sourceMessageTs);

    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND source_message_ts = :sourceMessageTs
            """)
    Optional<ActionItem> findBySource(String teamId, long incidentNumber, String sourceMessageTs);

    @SqlQuery("SELECT * FROM action_items WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number")
    Optional<ActionItem> find(String teamId, long incidentNumber, int number);

    /** Marks an item done or dropped; closing it again changes nothing. */
    @Transaction
    default ActionItem close(String teamId, long incidentNumber, int number, ActionStatus status, String by,
            Instant at) {
        if (status == ActionStatus.OPEN) {
            throw new IllegalArgumentException("closing means done or dropped");
        }
        // Serialises concurrent closes (as adds are): the second one sees the first and keeps it.
        incidents().lock(teamId, incidentNumber);
        ActionItem item = find(teamId, incidentNumber, number).orElseThrow(() -> new ActionItemNotFoundException(
                "INC-" + incidentNumber + " has no action item #" + number));
        if (!item.isOpen()) {
            return item;
        }
        return updateStatus(teamId, incidentNumber, number, status.code(), by, at);
    }

    @SqlQuery("""
            UPDATE action_items SET status = :status, closed_by = :closedBy, closed_at = :closedAt
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            RETURNING *
            """)
    ActionItem updateStatus(String teamId, long incidentNumber, int number, String status, String closedBy,
            Instant closedAt);

    @SqlQuery("""
            SELECT * FROM action_items WHERE team_id = :teamId AND incident_number = :incidentNumber ORDER BY number
            """)
    List<ActionItem> listForIncident(String teamId, long incidentNumber);

    /** Items of several incidents at once, for reports. */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND incident_number = ANY(:incidentNumbers)
            ORDER BY incident_number, number
            """)
    List<ActionItem> listForIncidents(String teamId, long[] incidentNumbers);

    /** An owner's open items, overdue (earliest due) first, undated last. */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND owner_id = :ownerId AND status = 'open'
            ORDER BY due_date NULLS LAST, incident_number, number
            """)
    List<ActionItem> listOpenForOwner(String teamId, String ownerId);

    /** Open items due before {@code day}. */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND status = 'open' AND due_date < :day
            ORDER BY owner_id, due_date, incident_number, number
            """)
    List<ActionItem> listOpenDueBefore(String teamId, LocalDate day);

    /** Open items due in {@code [from, to)}. */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND status = 'open' AND due_date >= :from AND due_date < :to
            ORDER BY due_date, incident_number, number
            """)
    List<ActionItem> listOpenDueBetween(String teamId, LocalDate from, LocalDate to);

    /** Items closed (done or dropped) in {@code [from, to)}. */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND status <> 'open' AND closed_at >= :from AND closed_at < :to
            ORDER BY closed_at, incident_number, number
            """)
    List<ActionItem> listClosedBetween(String teamId, Instant from, Instant to);

    /**
     * Changes what is given of an open or closed item (null leaves a value as it is): its
     * priority, type, due date, owner. Returns the item as it is now.
     */
    @SqlQuery("""
            UPDATE action_items SET priority = COALESCE(:priority, priority), kind = COALESCE(:kind, kind),
                                    due_date = COALESCE(:dueDate, due_date), owner_id = COALESCE(:ownerId, owner_id)
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            RETURNING *
            """)
    Optional<ActionItem> updateFields(String teamId, long incidentNumber, int number, Integer priority, String kind,
            LocalDate dueDate, String ownerId);

    final class Mapper implements RowMapper<ActionItem> {
        @Override
        public ActionItem map(ResultSet rs, StatementContext ctx) throws SQLException {
            Date due = rs.getDate("due_date");
            return new ActionItem(
                    rs.getLong("incident_number"),
                    rs.getInt("number"),
                    rs.getString("text"),
                    rs.getString("owner_id"),
                    due == null ? null : due.toLocalDate(),
                    ActionStatus.fromCode(rs.getString("status")),
                    ActionPriority.ofLevel(rs.getInt("priority")),
                    ActionKind.fromCode(rs.getString("kind")),
                    rs.getString("ticket_url"),
                    rs.getString("created_by"),
                    IncidentRepository.instant(rs, "created_at"),
                    IncidentRepository.instant(rs, "closed_at"),
                    rs.getString("closed_by"));
        }
    }
}
