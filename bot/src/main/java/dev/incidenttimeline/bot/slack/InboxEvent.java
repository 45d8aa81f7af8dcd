package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.model.event.Event;

/**
 * A Slack Events API delivery taken from the inbox, as its handler receives it: the
 * workspace, Slack's event id, the event as the SDK's own class ({@code ReactionAddedEvent},
 * {@code MessageChangedEvent} …, parsed the way Bolt parses it), and the same event as JSON
 * for the parts a class does not model (a message's attachments and blocks as Slack sent
 * them, the envelope's authorizations and time).
 *
 * @param event the typed event
 * @param json the event object of the delivery, cleaned of what PostgreSQL text refuses
 * @param envelope the whole delivery ({@code event_id}, {@code event_time}, {@code authorizations})
 */
public record InboxEvent<E extends Event>(String teamId, String eventId, E event, JsonNode json, JsonNode envelope) {

    /** The event's {@code type} ({@code message}, {@code reaction_added} …). */
    public String type() {
        return json.path("type").asText();
    }

    /** The event's {@code subtype} ({@code message_changed} …), or null. */
    public String subtype() {
        return text("subtype");
    }

    /** A string field of the event's JSON, or null. */
    public String text(String field) {
        JsonNode n = json.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
