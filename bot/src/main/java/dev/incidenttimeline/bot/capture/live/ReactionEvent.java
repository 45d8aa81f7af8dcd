package dev.incidenttimeline.bot.capture.live;

import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import dev.incidenttimeline.bot.slack.InboxEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@code reaction_added} or {@code reaction_removed} on a message: who, which emoji,
 * which message, when. Reactions on files and malformed deliveries parse to empty.
 */
record ReactionEvent(String userId, String reaction, String channelId, String ts, Instant at) {

    /** A {@link ReactionAddedEvent} or a {@link ReactionRemovedEvent}; any other event is empty. */
    static Optional<ReactionEvent> parse(InboxEvent<?> e, Instant fallback) {
        String user;
        String reaction;
        String itemType;
        String channel;
        String ts;
        if (e.event() instanceof ReactionAddedEvent added && added.getItem() != null) {
            user = added.getUser();
            reaction = added.getReaction();
            itemType = added.getItem().getType();
            channel = added.getItem().getChannel();
            ts = added.getItem().getTs();
        } else if (e.event() instanceof ReactionRemovedEvent removed && removed.getItem() != null) {
            user = removed.getUser();
            reaction = removed.getReaction();
            itemType = removed.getItem().getType();
            channel = removed.getItem().getChannel();
            ts = removed.getItem().getTs();
        } else {
            return Optional.empty();
        }
        if (!"message".equals(itemType)) {
            return Optional.empty();
        }
        if (user == null || reaction == null || channel == null || !SlackMessages.isTs(ts)) {
            return Optional.empty();
        }
        return Optional.of(new ReactionEvent(user, reaction, channel, ts, EventTimes.at(e, fallback)));
    }
}
