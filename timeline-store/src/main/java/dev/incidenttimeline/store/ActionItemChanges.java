package dev.incidenttimeline.store;

import java.time.Instant;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The changes of action items that the world hears of (the ticket in the tracker, the DM that
 * asks the owner to accept), queued in the outbox in the same transaction as the change: every
 * path that adds or changes an item (command, reaction, import, button, webhook) goes through
 * {@link ActionItemRepository}, which records them here. The bot's ticket sync reads them.
 */
public interface ActionItemChanges {
    /** The outbox kind of a queued change. */
    String KIND = "action_item_sync";

    /** What changed: the item is new, has a new owner, a new due date, or was closed or reopened. */
    enum Change { CREATED, OWNER, DUE, STATUS }

    /**
     * Queues one change; {@code source} says who made it ({@code slack}, or the tracker whose
     * webhook told us, which is then not told again).
     */
    default void record(String teamId, long incidentNumber, int number, Change change, String source, Instant at) {
        String item = incidentNumber + "#" + number;
        String payload = "{\"item\":\"" + item + "\",\"incident\":" + incidentNumber + ",\"number\":" + number
                + ",\"change\":\"" + change.name().toLowerCase(java.util.Locale.ROOT) + "\",\"source\":\""
                + source.replaceAll("[^a-z]", "") + "\"}";
        insert(teamId, "item-sync:" + item + ":" + change.name().toLowerCase(java.util.Locale.ROOT) + ":"
                + at.toEpochMilli() + ":" + System.nanoTime(), payload, "item:" + item);
    }

    @SqlUpdate("""
            INSERT INTO slack_effects (team_id, dedupe_key, kind, payload, order_key, replaces)
            VALUES (:teamId, :dedupeKey, 'action_item_sync', CAST(:payload AS jsonb), :orderKey, false)
            ON CONFLICT (team_id, dedupe_key) DO NOTHING
            """)
    int insert(String teamId, String dedupeKey, String payload, String orderKey);
}
