package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Slack Block Kit JSON, built without the SDK so that messages and views can be stored in
 * the outbox as they are and rendered in tests as plain JSON. Texts are cut to Slack's
 * limits (a section's text 3000 characters, a field 2000, a button 75) so that a long title
 * can never make Slack refuse a whole message.
 */
public final class BlockKit {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final int SECTION_LIMIT = 3000;
    private static final int FIELD_LIMIT = 2000;
    private static final int PLAIN_LIMIT = 150;

    private BlockKit() {
    }

    public static ObjectNode mrkdwn(String text) {
        return JSON.createObjectNode().put("type", "mrkdwn").put("text", SlackText.shorten(text, SECTION_LIMIT));
    }

    public static ObjectNode plain(String text, int limit) {
        return JSON.createObjectNode().put("type", "plain_text").put("text", SlackText.shortenPlain(text, limit))
                .put("emoji", true);
    }

    public static ObjectNode plain(String text) {
        return plain(text, PLAIN_LIMIT);
    }

    public static ObjectNode section(String mrkdwnText) {
        ObjectNode s = JSON.createObjectNode().put("type", "section");
        s.set("text", mrkdwn(mrkdwnText));
        return s;
    }

    /** A section with a button (or other element) on its right. */
    public static ObjectNode section(String mrkdwnText, ObjectNode accessory) {
        ObjectNode s = section(mrkdwnText);
        s.set("accessory", accessory);
        return s;
    }

    /** A section of up to ten short mrkdwn fields shown in two columns. */
    public static ObjectNode fields(List<String> mrkdwnFields) {
        ObjectNode s = JSON.createObjectNode().put("type", "section");
        ArrayNode f = s.putArray("fields");
        mrkdwnFields.stream().limit(10).forEach(t -> f.add(JSON.createObjectNode().put("type", "mrkdwn")
                .put("text", SlackText.shorten(t, FIELD_LIMIT))));
        return s;
    }

    public static ObjectNode context(String mrkdwnText) {
        ObjectNode c = JSON.createObjectNode().put("type", "context");
        c.putArray("elements").add(mrkdwn(mrkdwnText));
        return c;
    }

    public static ObjectNode header(String text) {
        ObjectNode h = JSON.createObjectNode().put("type", "header");
        h.set("text", plain(text));
        return h;
    }

    public static ObjectNode divider() {
        return JSON.createObjectNode().put("type", "divider");
    }

    /**
     * A button.
     *
     * @param style {@code primary}, {@code danger} or null for the default look
     */
    public static ObjectNode button(String text, String actionId, String value, String style) {
        ObjectNode b = JSON.createObjectNode().put("type", "button").put("action_id", actionId).put("value", value);
        b.set("text", plain(text, 75));
        if (style != null) {
            b.put("style", style);
        }
        return b;
    }

    /** The blocks as the JSON array Slack takes in {@code blocks}. */
    public static String toJson(List<ObjectNode> blocks) {
        ArrayNode a = JSON.createArrayNode();
        blocks.forEach(a::add);
        return a.toString();
    }

    public static ArrayNode array(List<ObjectNode> blocks) {
        ArrayNode a = JSON.createArrayNode();
        blocks.forEach(a::add);
        return a;
    }
}
