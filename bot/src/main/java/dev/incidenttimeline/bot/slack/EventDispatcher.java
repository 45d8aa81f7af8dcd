package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.bot.worker.WorkProcessor;
import dev.incidenttimeline.store.QueuedWork;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes stored events: every event handler is registered here by route
 * ({@code reaction_added}, {@code message}, {@code message:message_changed} …). A
 * {@code message} subtype without its own handler falls back to the {@code message}
 * handler; events nobody handles are marked done.
 */
public final class EventDispatcher implements WorkProcessor {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Handles one kind of event inside the inbox transaction. */
    @FunctionalInterface
    public interface Handler {
        void handle(Handle h, InboxEvent event) throws Exception;
    }

    private final Map<String, Handler> handlers = new HashMap<>();

    public EventDispatcher on(String route, Handler handler) {
        if (handlers.putIfAbsent(route, handler) != null) {
            throw new IllegalStateException("two handlers for " + route);
        }
        return this;
    }

    @Override
    public void process(Handle h, QueuedWork work) throws Exception {
        InboxEvent event = parse(work.teamId(), work.key(), work.payload());
        Handler handler = handlers.get(event.route());
        if (handler == null && event.subtype() != null) {
            handler = handlers.get(event.type() + ":*");
        }
        if (handler == null) {
            log.debug("no handler for {} ({}), ignored", event.route(), event.eventId());
            return;
        }
        handler.handle(h, event);
    }

    static InboxEvent parse(String teamId, String eventId, String payload) throws Exception {
        JsonNode envelope = JSON.readTree(payload);
        JsonNode event = envelope.path("event");
        String subtype = event.hasNonNull("subtype") ? event.get("subtype").asText() : null;
        return new InboxEvent(teamId, eventId, event.path("type").asText(), subtype, event, envelope);
    }
}
