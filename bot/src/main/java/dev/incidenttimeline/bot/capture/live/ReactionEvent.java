package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.slack.InboxEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code reaction_added} or {@code reaction_removed} on a message: who, which emoji,
 * which message, when. Reactions on files and malformed deliveries parse to empty.
 */
record ReactionEvent(String userId, String reaction, String channelId, String ts, Instant at) {

    static Optional<ReactionEvent> parse(InboxEvent e, Instant fallback) {
        JsonNode item = e.event().path("item");
        if (!"message".equals(SlackMessages.text(item, "type"))) {
            return Optional.empty();
        }
        String user = e.text("user");
        String reaction = e.text("reaction");
        String channel = SlackMessages.text(item, "channel");
        String ts = SlackMessages.text(item, "ts");
        if (user == null || reaction == null || channel == null || !SlackMessages.isTs(ts)) {
            return Optional.empty();
        }
        return Optional.of(new ReactionEvent(user, reaction, channel, ts, EventTimes.at(e, fallback)));
    }
}
