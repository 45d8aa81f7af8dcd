package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.slack.api.methods.response.reactions.ReactionsGetResponse;
import com.slack.api.model.File;
import com.slack.api.model.Message;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.SlackTs;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the three shapes in which Slack hands us a message (an event's JSON, a
 * {@code conversations.history}/{@code replies} message, a {@code reactions.get} message)
 * into the bot's {@link CachedMessage}. Pure functions: no database, no Web API.
 */
public final class SlackMessages {
    private static final Pattern THREAD_TS = Pattern.compile("[?&]thread_ts=([0-9.]+)");
    private static final String TOMBSTONE = "tombstone";
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    /** The SDK's own JSON, minus files: its File serializer recurses forever; files are added from the list. */
    private static final com.google.gson.Gson SLACK_JSON = com.slack.api.util.json.GsonFactory.createSnakeCase()
            .newBuilder().setExclusionStrategies(new com.google.gson.ExclusionStrategy() {
                @Override
                public boolean shouldSkipField(com.google.gson.FieldAttributes f) {
                    return false;
                }

                @Override
                public boolean shouldSkipClass(Class<?> c) {
                    return c == File.class;
                }
            }).create();
    private static final Pattern TS = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,9})?");

    private SlackMessages() {
    }

    /**
     * A message as it appears in a {@code message} event (or inside {@code message_changed},
     * or a pin's item). Empty when it carries no usable {@code ts}.
     *
     * @param channelId the event's channel, used when the message itself does not name one
     */
    public static Optional<CachedMessage> fromEvent(String teamId, String channelId, JsonNode m) {
        String ts = text(m, "ts");
        String channel = text(m, "channel") != null ? text(m, "channel") : channelId;
        if (!isTs(ts) || channel == null) {
            return Optional.empty();
        }
        List<CachedMessage.SharedFile> files = new ArrayList<>();
        for (JsonNode f : m.path("files")) {
            files.add(new CachedMessage.SharedFile(text(f, "id"), text(f, "name"), text(f, "title"),
                    text(f, "permalink")));
        }
        return Optional.of(new CachedMessage(teamId, channel, ts, text(m, "thread_ts"), text(m, "user"),
                text(m, "bot_id"), text(m, "subtype"), MessageContent.of(m), files, text(m.path("edited"), "ts"), false,
                text(m, "permalink"), null));
    }

    /** A message read back with {@code conversations.history} or {@code conversations.replies}. */
    public static CachedMessage fromHistory(String teamId, String channelId, Message m) {
        List<CachedMessage.SharedFile> files = new ArrayList<>();
        if (m.getFiles() != null) {
            for (File f : m.getFiles()) {
                files.add(new CachedMessage.SharedFile(f.getId(), f.getName(), f.getTitle(), f.getPermalink()));
            }
        }
        String editedTs = m.getEdited() == null ? null : m.getEdited().getTs();
        return new CachedMessage(teamId, channelId, m.getTs(), m.getThreadTs(), m.getUser(), m.getBotId(),
                m.getSubtype(), MessageContent.of(asJson(m, files)), files, editedTs, false, null, null);
    }

    /**
     * A message read with {@code reactions.get}. That response has no {@code thread_ts}, but
     * its permalink names the thread of a reply ({@code ?thread_ts=…}), which is where the
     * parent link comes from. It carries no file list either.
     */
    public static CachedMessage fromReactionsGet(String teamId, String channelId, ReactionsGetResponse.Message m) {
        return new CachedMessage(teamId, channelId, m.getTs(), threadTsFromPermalink(m.getPermalink()).orElse(null),
                m.getUser(), m.getBotId(), m.getSubtype(), MessageContent.of(asJson(m, List.of())), List.of(), null, false,
                m.getPermalink(),
                null);
    }

    /** The {@code thread_ts} a Slack permalink of a thread reply carries. */
    public static Optional<String> threadTsFromPermalink(String permalink) {
        if (permalink == null) {
            return Optional.empty();
        }
        Matcher matcher = THREAD_TS.matcher(permalink);
        if (!matcher.find()) {
            return Optional.empty();
        }
        String ts = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
        return isTs(ts) ? Optional.of(ts) : Optional.empty();
    }

    /**
     * Whether this is what Slack leaves in place of a deleted thread parent that still has
     * replies ("This message was deleted."): a deletion, not an edit.
     */
    public static boolean isTombstone(CachedMessage m) {
        return TOMBSTONE.equals(m.subtype());
    }

    /** Whether {@code ts} looks like a Slack message timestamp ({@code 1700000000.000100}). */
    public static boolean isTs(String ts) {
        return ts != null && TS.matcher(ts).matches();
    }

    /** The moment a Slack timestamp stands for, or {@code fallback} when there is none. */
    public static Instant instantOr(String ts, Instant fallback) {
        return isTs(ts) ? SlackTs.toInstant(ts) : fallback;
    }

    /**
     * The SDK's model of a message written back as Slack's JSON, so that history and
     * reactions.get messages go through the same content extraction as events.
     */
    static JsonNode asJson(Object sdkMessage, List<CachedMessage.SharedFile> files) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode json =
                    (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(SLACK_JSON.toJson(sdkMessage));
            com.fasterxml.jackson.databind.node.ArrayNode list = json.putArray("files");
            for (CachedMessage.SharedFile f : files) {
                list.addObject().put("id", f.id()).put("name", f.name()).put("title", f.title())
                        .put("permalink", f.permalink());
            }
            return json;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("SDK message is not JSON", e);
        }
    }

    /** A string field, or null when absent, null or empty. */
    static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainerNode()) {
            return null;
        }
        String v = n.asText();
        return v.isEmpty() ? null : v;
    }
}
