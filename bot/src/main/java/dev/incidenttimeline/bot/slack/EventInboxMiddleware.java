package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import dev.incidenttimeline.store.InboxRepository;
import dev.incidenttimeline.store.InboxWriter;
import dev.incidenttimeline.store.IncidentChannelSet;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores every Events API delivery in the durable inbox before Slack gets its 2xx (HTTP and
 * Socket Mode alike; it runs right after Bolt's signature check and before any middleware
 * that calls Slack, see {@link IncidentApp}). A retry of a stored event is acknowledged and
 * not stored again. When the insert fails the request gets a 500, so Slack delivers it
 * again: an acknowledged event is never lost.
 *
 * <p>Messages, reactions and pins in channels that are not incident channels are
 * acknowledged and dropped here: nothing is captured there, and the bot may sit in busy
 * channels such as {@code #general}.
 */
final class EventInboxMiddleware implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(EventInboxMiddleware.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InboxWriter inbox;
    private final IncidentChannelSet incidentChannels;
    private final Runnable onStored;

    EventInboxMiddleware(InboxWriter inbox, IncidentChannelSet incidentChannels, Runnable onStored) {
        this.inbox = inbox;
        this.incidentChannels = incidentChannels;
        this.onStored = onStored;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.getRequestType() != RequestType.Event) {
            return chain.next(req);
        }
        String body = req.getRequestBodyAsString();
        JsonNode envelope;
        try {
            envelope = JSON.readTree(body);
        } catch (Exception e) {
            return Response.json(400, Map.of("error", "body is not JSON"));
        }
        String teamId = envelope.path("team_id").asText(null);
        String eventId = envelope.path("event_id").asText(null);
        String type = envelope.path("event").path("type").asText(null);
        if (teamId == null || eventId == null || type == null) {
            return Response.json(400, Map.of("error", "event_callback needs team_id, event_id and event.type"));
        }
        try {
            String channel = captureChannel(envelope.path("event"));
            if (channel != null && !incidentChannels.contains(teamId, channel)) {
                return Response.ok();
            }
            boolean stored = inbox.store(teamId, eventId, type, body, messageKey(envelope.path("event")));
            if (stored) {
                onStored.run();
            } else {
                log.debug("event {} already stored (retry {})", eventId, req.getHeaders().getFirstValue("x-slack-retry-num"));
            }
        } catch (RuntimeException e) {
            log.error("could not store event {} of {}; Slack will retry: {}", eventId, teamId, e.getMessage());
            return Response.json(500, Map.of("error", "not stored, please retry"));
        }
        return Response.ok();
    }

    /**
     * The inbox's key of a message event (its channel and ts), which a reaction or pin
     * processed before it waits for; null for any other event.
     */
    static String messageKey(JsonNode event) {
        String channel = event.path("channel").asText("");
        String ts = event.path("ts").asText("");
        return "message".equals(event.path("type").asText()) && !channel.isEmpty() && !ts.isEmpty()
                ? InboxRepository.messageKey(channel, ts) : null;
    }

    /**
     * The channel of a message, reaction or pin event, whose only use is capture in incident
     * channels; null for every other event (those are always stored).
     */
    static String captureChannel(JsonNode event) {
        String type = event.path("type").asText("");
        JsonNode channel = switch (type) {
            case "message" -> event.get("channel");
            case "reaction_added", "reaction_removed" -> event.path("item").get("channel");
            case "pin_added", "pin_removed" -> event.has("channel_id") ? event.get("channel_id")
                    : event.path("item").get("channel");
            default -> null;
        };
        return channel == null || !channel.isTextual() || channel.asText().isEmpty() ? null : channel.asText();
    }
}
