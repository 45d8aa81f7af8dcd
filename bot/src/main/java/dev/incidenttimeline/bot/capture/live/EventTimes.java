package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.slack.InboxEvent;
import java.time.Instant;

/** When something happened in Slack, as the event tells it. */
final class EventTimes {
    private EventTimes() {
    }

    /**
     * The event's own {@code event_ts}, else the envelope's {@code event_time}, else
     * {@code fallback} (the bot's clock): a delivery retried an hour later still records
     * the moment it happened.
     */
    static Instant at(InboxEvent<?> e, Instant fallback) {
        String eventTs = e.text("event_ts");
        if (SlackMessages.isTs(eventTs)) {
            return SlackMessages.instantOr(eventTs, fallback);
        }
        JsonNode time = e.envelope() == null ? null : e.envelope().get("event_time");
        if (time != null && time.canConvertToLong() && time.asLong() > 0) {
            return Instant.ofEpochSecond(time.asLong());
        }
        return fallback;
    }
}
