package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import dev.incidenttimeline.store.InboxWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores every Events API delivery in the durable inbox before Slack gets its 2xx (HTTP and
 * Socket Mode alike; it runs after Bolt's signature check). A retry of a stored event is
 * acknowledged and not stored again. When the insert fails the request gets a 500, so
 * Slack delivers it again: an acknowledged event is never lost.
 */
final class EventInboxMiddleware implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(EventInboxMiddleware.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final InboxWriter inbox;
    private final Runnable onStored;

    EventInboxMiddleware(InboxWriter inbox, Runnable onStored) {
        this.inbox = inbox;
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
            boolean stored = inbox.store(teamId, eventId, type, body);
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
}
