package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import com.slack.api.bolt.util.EventsApiPayloadParser;
import com.slack.api.model.event.Event;
import com.slack.api.util.json.GsonFactory;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.domain.StorableText;
import dev.incidenttimeline.store.QueuedWork;
import java.util.HashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Processes stored events: each feature registers a handler per SDK event class,
 * {@code on(ReactionAddedEvent.class, reactions::added)}, and a stored delivery reaches the
 * handler of its class as that class, parsed the way Bolt parses it (the class's own
 * {@code type} and {@code subtype}, the SDK's Gson). A {@code message} subtype without a
 * handler of its own goes to the {@code MessageEvent} handler; the bot's own events, and
 * events nobody handles, are marked done.
 */
public final class EventDispatcher implements WorkProcessor {
    private static final Logger log = LoggerFactory.getLogger(EventDispatcher.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The SDK's snake-case Gson: the one Bolt parses Events API payloads with. */
    private static final Gson GSON = GsonFactory.createSnakeCase();

    /** Handles one kind of event inside the inbox transaction. */
    @FunctionalInterface
    public interface Handler<E extends Event> {
        void handle(Handle h, InboxEvent<E> event) throws Exception;
    }

    /** A handler and the class its events are parsed into. */
    private record Route<E extends Event>(Class<E> type, Handler<E> handler) {
        void run(Handle h, StoredEvent stored) throws Exception {
            E event;
            try {
                event = GSON.fromJson(stored.json().toString(), type);
            } catch (JsonParseException e) {
                // Not the shape Slack documents for this type: nothing a retry could read either.
                String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                log.warn("{} {} cannot be read as {} ({}); ignored", stored.route(), stored.eventId(),
                        type.getSimpleName(), why);
                return;
            }
            handler.handle(h, new InboxEvent<>(stored.teamId(), stored.eventId(), event, stored.json(),
                    stored.envelope()));
        }
    }

    /** Keyed as Bolt keys {@code app.event(…)} listeners: {@code type}, or {@code type:subtype}. */
    private final Map<String, Route<?>> routes = new HashMap<>();

    /** Registers the handler of one event class; two handlers of one class are a mistake. */
    public <E extends Event> EventDispatcher on(Class<E> type, Handler<E> handler) {
        String key = EventsApiPayloadParser.getEventTypeAndSubtype(type);
        if (key == null) {
            throw new IllegalArgumentException(type.getName() + " names no Events API type");
        }
        if (routes.putIfAbsent(key, new Route<>(type, handler)) != null) {
            throw new IllegalStateException("two handlers for " + key);
        }
        return this;
    }

    @Override
    public void process(Handle h, QueuedWork work) throws Exception {
        StoredEvent event = parse(work.teamId(), work.key(), work.payload());
        if (isSelfEvent(event)) {
            log.debug("{} by the bot itself ({}), ignored", event.route(), event.eventId());
            return;
        }
        Route<?> route = routes.get(event.route());
        if (route == null && event.subtype() != null) {
            route = routes.get(event.type());
        }
        if (route == null) {
            log.debug("no handler for {} ({}), ignored", event.route(), event.eventId());
            return;
        }
        route.run(h, event);
    }

    /** A delivery as stored, before it is read as its class. */
    record StoredEvent(String teamId, String eventId, String type, String subtype, JsonNode json,
            JsonNode envelope) {

        /** {@code type} or {@code type:subtype}, the key handlers are registered under. */
        String route() {
            return subtype == null ? type : type + ":" + subtype;
        }

        String text(String field) {
            JsonNode n = json.get(field);
            return n == null || n.isNull() ? null : n.asText();
        }
    }

    /**
     * Parses a stored body. Text PostgreSQL cannot store (U+0000, lone surrogates) is cleaned
     * here, once, before any class is made of it, so no handler can fail on it.
     */
    static StoredEvent parse(String teamId, String eventId, String payload) throws Exception {
        JsonNode envelope = cleaned(JSON.readTree(payload));
        JsonNode event = envelope.path("event");
        String subtype = event.hasNonNull("subtype") ? event.get("subtype").asText() : null;
        return new StoredEvent(teamId, eventId, event.path("type").asText(), subtype, event, envelope);
    }

    /**
     * Whether the event is the bot's own doing (its messages, its confirmation reactions):
     * the bot user named in the envelope's authorizations. Dropped here rather than by Bolt's
     * self-event middleware, which calls {@code bots.info} before the event could be stored.
     * Joins and leaves are kept, as Bolt keeps them.
     */
    static boolean isSelfEvent(StoredEvent e) {
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
