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
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Action items, numbered #1, #2 … within their incident. */
@RegisterRowMapper(ActionItemRepository.Mapper.class)
public interface ActionItemRepository {

    @CreateSqlObject
    IncidentRepository incidents();

    @CreateSqlObject
    ActionItemChanges changes();

    /**
     * Adds an item with the next number of its incident. An item that came from a message
     * ({@code sourceMessageTs}) is added once: adding it again returns the first one.
     */
    @JoinsTransaction
    default ActionItem add(String teamId, NewActionItem n) {
        incidents().lock(teamId, n.incidentNumber())
                .orElseThrow(() -> new IncidentNotFoundException("no incident INC-" + n.incidentNumber()));
        if (n.sourceMessageTs() != null) {
            Optional<ActionItem> existing = findBySource(teamId, n.incidentNumber(), n.sourceMessageTs());
            if (existing.isPresent()) {
                return existing.get();
            }
        }
        ActionItem item = insert(teamId, n.incidentNumber(), n.text(), n.ownerId(), n.dueDate(), n.priority().level(),
                n.kind().code(), n.createdBy(), n.createdAt(), n.sourceMessageTs());
        if (item.ownerId() != null) {
            // Whoever gives an item to themselves has accepted it.
            markOwnerSince(teamId, item.incidentNumber(), item.number(), n.createdAt(),
                    item.ownerId().equals(n.createdBy()));
        }
        changes().record(teamId, item.incidentNumber(), item.number(), ActionItemChanges.Change.CREATED, "slack",
                n.createdAt());
        return item;
    }

    @SqlUpdate("""
            UPDATE action_items SET owner_since = :at,
                   accepted_at = CASE WHEN :selfAssigned THEN CAST(:at AS timestamptz) END,
                   accepted_by = CASE WHEN :selfAssigned THEN owner_id END
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    int markOwnerSince(String teamId, long incidentNumber, int number, Instant at, boolean selfAssigned);

    /**
     * Gives an item to a new owner, who has not accepted it yet (unless they gave it to
     * themselves); the same owner again changes nothing. Returns whether it changed.
     */
    @JoinsTransaction
    default boolean assign(String teamId, long incidentNumber, int number, String ownerId, String by, String source,
            Instant at) {
        incidents().lock(teamId, incidentNumber);
        ActionItem item = find(teamId, incidentNumber, number).orElseThrow(() -> new ActionItemNotFoundException(
                "INC-" + incidentNumber + " has no action item #" + number));
        if (java.util.Objects.equals(item.ownerId(), ownerId)) {
            return false;
        }
        updateOwner(teamId, incidentNumber, number, ownerId);
        if (ownerId != null) {
            markOwnerSince(teamId, incidentNumber, number, at, ownerId.equals(by));
        }
        changes().record(teamId, incidentNumber, number, ActionItemChanges.Change.OWNER, source, at);
        return true;
    }

    @SqlUpdate("""
            UPDATE action_items SET owner_id = :ownerId, owner_since = NULL, accepted_at = NULL, accepted_by = NULL
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    int updateOwner(String teamId, long incidentNumber, int number, String ownerId);

    /** Moves an item's due date (null: none); the same date again changes nothing. Returns whether it changed. */
    @JoinsTransaction
    default boolean reschedule(String teamId, long incidentNumber, int number, LocalDate due, String source,
            Instant at) {
        incidents().lock(teamId, incidentNumber);
        ActionItem item = find(teamId, incidentNumber, number).orElseThrow(() -> new ActionItemNotFoundException(
                "INC-" + incidentNumber + " has no action item #" + number));
        if (java.util.Objects.equals(item.dueDate(), due)) {
            return false;
        }
        updateDue(teamId, incidentNumber, number, due);
        changes().record(teamId, incidentNumber, number, ActionItemChanges.Change.DUE, source, at);
        return true;
    }

    @SqlUpdate("""
            UPDATE action_items SET due_date = :due
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    int updateDue(String teamId, long incidentNumber, int number, LocalDate due);

    /** Opens a closed item again (its ticket was reopened); an open one stays as it is. Returns whether it changed. */
    @JoinsTransaction
    default boolean reopen(String teamId, long incidentNumber, int number, String source, Instant at) {
        incidents().lock(teamId, incidentNumber);
        ActionItem item = find(teamId, incidentNumber, number).orElseThrow(() -> new ActionItemNotFoundException(
                "INC-" + incidentNumber + " has no action item #" + number));
        if (item.isOpen()) {
            return false;
        }
        updateStatus(teamId, incidentNumber, number, ActionStatus.OPEN.code(), null, null);
        changes().record(teamId, incidentNumber, number, ActionItemChanges.Change.STATUS, source, at);
        return true;
    }

    /** The owner accepts the item; accepting again keeps the first time. */
    @SqlUpdate("""
            UPDATE action_items SET accepted_at = COALESCE(accepted_at, :at), accepted_by = COALESCE(accepted_by, :by)
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number AND owner_id = :by
            """)
    int accept(String teamId, long incidentNumber, int number, String by, Instant at);

    /** When the owner accepted the item, if they did. */
    @SqlQuery("""
            SELECT accepted_at FROM action_items
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    Optional<Instant> findAcceptedAt(String teamId, long incidentNumber, int number);

    /**
     * Open items whose owner got them before {@code ownerSinceBefore} and has not accepted them:
     * "not accepted" in App Home and the weekly report. {@code ownerId} null: every owner.
     */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND status = 'open' AND owner_id IS NOT NULL AND accepted_at IS NULL
              AND owner_since < :ownerSinceBefore AND (CAST(:ownerId AS text) IS NULL OR owner_id = :ownerId)
            ORDER BY owner_since, incident_number, number
            """)
    List<ActionItem> listNotAccepted(String teamId, String ownerId, Instant ownerSinceBefore);

    /** The link of the item's ticket, shown in the retro (null: none). */
    @SqlUpdate("""
            UPDATE action_items SET ticket_url = :url, ticket_opt_out = :optOut
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND number = :number
            """)
    int setTicketUrl(String teamId, long incidentNumber, int number, String url, boolean optOut);

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
    @JoinsTransaction
    default ActionItem close(String teamId, long incidentNumber, int number, ActionStatus status, String by,
            Instant at) {
        return close(teamId, incidentNumber, number, status, by, at, "slack");
    }

    /** {@link #close}, told by {@code source} ({@code slack}, or the tracker whose webhook said so). */
    @JoinsTransaction
    default ActionItem close(String teamId, long incidentNumber, int number, ActionStatus status, String by,
            Instant at, String source) {
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
        ActionItem closed = updateStatus(teamId, incidentNumber, number, status.code(), by, at);
        changes().record(teamId, incidentNumber, number, ActionItemChanges.Change.STATUS, source, at);
        return closed;
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

    /** Every open item of the workspace: the weekly review lists them all. */
    @SqlQuery("""
            SELECT * FROM action_items WHERE team_id = :teamId AND status = 'open'
            ORDER BY incident_number, number
            """)
    List<ActionItem> listOpen(String teamId);

    /** Items, open or closed, due in {@code [from, to)} (the policy figure of follow-ups closed by their due date). */
    @SqlQuery("""
            SELECT * FROM action_items
            WHERE team_id = :teamId AND due_date >= :from AND due_date < :to
            ORDER BY due_date, incident_number, number
            """)
    List<ActionItem> listDueBetween(String teamId, LocalDate from, LocalDate to);

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
