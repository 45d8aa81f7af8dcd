package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.domain.StorableText;
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
        if (isSelfEvent(event)) {
            log.debug("{} by the bot itself ({}), ignored", event.route(), event.eventId());
            return;
        }
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

    /**
     * Parses a stored body. Text PostgreSQL cannot store (U+0000, lone surrogates) is cleaned
     * here, once, so no handler can fail on it.
     */
    static InboxEvent parse(String teamId, String eventId, String payload) throws Exception {
        JsonNode envelope = cleaned(JSON.readTree(payload));
        JsonNode event = envelope.path("event");
        String subtype = event.hasNonNull("subtype") ? event.get("subtype").asText() : null;
        return new InboxEvent(teamId, eventId, event.path("type").asText(), subtype, event, envelope);
    }

    /**
     * Whether the event is the bot's own doing (its messages, its confirmation reactions):
     * the bot user named in the envelope's authorizations. Dropped here rather than by Bolt's
     * self-event middleware, which calls {@code bots.info} before the event could be stored.
     * Joins and leaves are kept, as Bolt keeps them.
     */
    static boolean isSelfEvent(InboxEvent e) {
        if (e.type().equals("member_joined_channel") || e.type().equals("member_left_channel")) {
            return false;
        }
        String user = e.text("user");
        if (user == null || e.envelope() == null) {
            return false;
        }
        for (JsonNode a : e.envelope().path("authorizations")) {
            if (a.path("is_bot").asBoolean(false) && user.equals(a.path("user_id").asText(null))) {
                return true;
            }
        }
        return false;
    }

    /** {@code node} with every string value made storable (see {@link StorableText}). */
    static JsonNode cleaned(JsonNode node) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(field -> {
                JsonNode v = field.getValue();
                if (v.isTextual() && !StorableText.isClean(v.asText())) {
                    field.setValue(TextNode.valueOf(StorableText.clean(v.asText())));
                } else {
                    cleaned(v);
                }
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode v = a.get(i);
                if (v.isTextual() && !StorableText.isClean(v.asText())) {
                    a.set(i, TextNode.valueOf(StorableText.clean(v.asText())));
                } else {
                    cleaned(v);
                }
            }
        }
        return node;
    }
}
