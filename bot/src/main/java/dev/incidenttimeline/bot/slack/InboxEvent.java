package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Slack Events API delivery taken from the inbox: the workspace, Slack's event id, the
 * event type and subtype ({@code message}/{@code message_changed}), and its JSON.
 */
public record InboxEvent(String teamId, String eventId, String type, String subtype, JsonNode event,
        JsonNode envelope) {

    /** {@code type} or {@code type:subtype}, the key handlers are registered under. */
    public String route() {
        return subtype == null ? type : type + ":" + subtype;
    }

    /** A string field of the event, or null. */
    public String text(String field) {
        JsonNode n = event.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }
}
