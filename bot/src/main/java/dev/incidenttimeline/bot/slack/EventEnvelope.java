package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.incidenttimeline.store.InboxRepository;
import java.io.IOException;

/**
 * What the front door needs of an Events API delivery, read in one streaming pass over its
 * bytes without building a tree: the envelope's {@code type}, {@code team_id} and
 * {@code event_id}, and of its {@code event} the type, the channel it happened in (for
 * messages, reactions and pins) and a message's {@code ts}. Every other field, the text and
 * blocks of a message among them, is skipped unread. A value of the wrong JSON type counts
 * as absent.
 */
record EventEnvelope(String type, String teamId, String eventId, String eventType, String channel,
        String itemChannel, String channelId, String ts) {
    private static final JsonFactory JSON = new JsonFactory();

    /** The body's envelope; throws {@link IOException} when the body is not a JSON object. */
    static EventEnvelope read(byte[] body) throws IOException {
        try (JsonParser p = JSON.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException("not a JSON object");
            }
            String type = null;
            String teamId = null;
            String eventId = null;
            Fields event = new Fields();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "type" -> type = text(p, value);
                    case "team_id" -> teamId = text(p, value);
                    case "event_id" -> eventId = text(p, value);
                    case "event" -> {
                        if (value == JsonToken.START_OBJECT) {
                            event = readEvent(p);
                        } else {
                            p.skipChildren();
                            event = new Fields();
                        }
                    }
                    default -> p.skipChildren();
                }
            }
            return new EventEnvelope(type, teamId, eventId, event.type, event.channel, event.itemChannel,
                    event.channelId, event.ts);
        }
    }

    private static final class Fields {
        String type;
        String channel;
        String itemChannel;
        String channelId;
        String ts;
    }

    private static Fields readEvent(JsonParser p) throws IOException {
        Fields f = new Fields();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "type" -> f.type = text(p, value);
                case "channel" -> f.channel = text(p, value);
                case "channel_id" -> f.channelId = text(p, value);
                case "ts" -> f.ts = text(p, value);
                case "item" -> {
                    if (value == JsonToken.START_OBJECT) {
                        f.itemChannel = readItemChannel(p);
                    } else {
                        p.skipChildren();
                        f.itemChannel = null;
                    }
                }
                default -> p.skipChildren();
            }
        }
        return f;
    }

    private static String readItemChannel(JsonParser p) throws IOException {
        String channel = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if (name.equals("channel")) {
                channel = text(p, value);
            } else {
                p.skipChildren();
            }
        }
        return channel;
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_STRING) {
            return p.getText();
        }
        p.skipChildren();
        return null;
    }

    boolean isEventCallback() {
        return "event_callback".equals(type);
    }

    /**
     * The channel of a message, reaction or pin event, whose only use is capture in incident
     * channels; null for every other event (those are always stored).
     */
    String captureChannel() {
        String c = switch (eventType == null ? "" : eventType) {
            case "message" -> channel;
            case "reaction_added", "reaction_removed" -> itemChannel;
            case "pin_added", "pin_removed" -> channelId != null ? channelId : itemChannel;
            default -> null;
        };
        return c == null || c.isEmpty() ? null : c;
    }

    /**
     * The inbox's key of a message event (its channel and ts), which a reaction or pin
     * processed before it waits for; null for any other event.
     */
    String messageKey() {
        return "message".equals(eventType) && channel != null && !channel.isEmpty() && ts != null && !ts.isEmpty()
                ? InboxRepository.messageKey(channel, ts) : null;
    }
}
