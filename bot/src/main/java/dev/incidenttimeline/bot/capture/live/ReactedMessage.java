package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.domain.CachedMessage;
import java.util.Objects;

/**
 * A message resolved for tagging, and what the cache still has to learn about it: the whole
 * message (it was read from Slack on a cache miss) or just its permalink.
 */
record ReactedMessage(CachedMessage message, boolean fetched, boolean permalinkFetched) {
    ReactedMessage {
        Objects.requireNonNull(message, "message");
    }
}
