package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.domain.StorableText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a message says, as one Slack mrkdwn text: its {@code text} plus the readable parts
 * of its attachments, blocks and files. Alerting apps (PagerDuty, Datadog, Grafana,
 * Opsgenie, GitHub) put everything in attachments or blocks and leave {@code text} empty
 * or a bare fallback; without this their alert would be a timeline row with nothing in it.
 * The same function reads events, history, reactions.get messages and export files, so a
 * message reads the same however it reached us. Pure: JSON in, text out.
 */
public final class MessageContent {
    private static final Pattern BOT_ADD = Pattern.compile("<[^>|]*/services/(B[A-Z0-9]+)\\|([^>]+)>");

    private MessageContent() {
    }

    /**
     * The message's full text; parts already present (Slack repeats blocks in {@code text})
     * appear once. Cleaned of what PostgreSQL text refuses (U+0000), whichever part held it:
     * an export is read as it is, while a live event is cleaned when the worker parses it.
     */
    public static String of(JsonNode m) {
        Parts parts = new Parts();
        parts.add(SlackMessages.text(m, "text"));
        for (JsonNode a : m.path("attachments")) {
            attachment(a, parts);
        }
        blocks(m.path("blocks"), parts);
        List<JsonNode> files = new ArrayList<>();
        m.path("files").forEach(files::add);
        if (m.path("file").isObject()) {
            files.add(m.path("file"));
        }
        for (JsonNode f : files) {
            file(f, parts);
        }
        return StorableText.clean(parts.toString());
    }

    /**
     * The name an app's message shows: the name it posted under, its bot profile's name, or
     * empty (then {@code bots.info} or the export's {@code bot_add} message names it).
     */
    public static Optional<String> botName(JsonNode m) {
        String username = SlackMessages.text(m, "username");
        if (username != null && !username.isBlank()) {
            return Optional.of(username.strip());
        }
        String profile = SlackMessages.text(m.path("bot_profile"), "name");
        return profile == null || profile.isBlank() ? Optional.empty() : Optional.of(profile.strip());
    }

    /**
     * The bot id and name that a {@code bot_add} message installed: "added an integration to
     * this channel: <https://acme.slack.com/services/B0JL6RASU|github>".
     */
    public static Optional<String[]> botAdded(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher matcher = BOT_ADD.matcher(text);
        return matcher.find() ? Optional.of(new String[] {matcher.group(1), matcher.group(2).strip()})
                : Optional.empty();
    }

    private static void attachment(JsonNode a, Parts parts) {
        parts.add(SlackMessages.text(a, "pretext"));
        parts.add(SlackMessages.text(a, "author_name"));
        String title = SlackMessages.text(a, "title");
        String link = SlackMessages.text(a, "title_link");
        if (title != null) {
            parts.add(link != null ? "*<" + link + "|" + title + ">*" : "*" + title + "*");
        }
        String text = SlackMessages.text(a, "text");
        parts.add(text);
        for (JsonNode f : a.path("fields")) {
            String name = SlackMessages.text(f, "title");
            String value = SlackMessages.text(f, "value");
            if (value != null) {
                parts.add(name != null ? name + ": " + value : value);
            }
        }
        blocks(a.path("blocks"), parts);
        if (title == null && text == null && a.path("fields").isEmpty() && a.path("blocks").isEmpty()) {
            // Only a fallback: still better than nothing.
            parts.add(SlackMessages.text(a, "fallback"));
        }
        parts.add(SlackMessages.text(a, "footer"));
    }

    private static void blocks(JsonNode blocks, Parts parts) {
        for (JsonNode b : blocks) {
            switch (b.path("type").asText()) {
                case "header" -> {
                    String t = textObject(b.path("text"));
                    parts.add(t == null ? null : "*" + t + "*");
                }
                case "section" -> {
                    parts.add(textObject(b.path("text")));
                    for (JsonNode f : b.path("fields")) {
                        parts.add(textObject(f));
                    }
                }
                case "context" -> {
                    List<String> bits = new ArrayList<>();
                    for (JsonNode e : b.path("elements")) {
                        String t = textObject(e);
                        if (t != null) {
                            bits.add(t);
                        }
                    }
                    parts.add(bits.isEmpty() ? null : String.join(" ", bits));
                }
                case "rich_text" -> parts.add(richText(b.path("elements")));
                default -> {
                    // Images, dividers and buttons carry nothing a timeline reader needs.
                }
            }
        }
    }

    /** A Block Kit text object: mrkdwn as it is, plain text escaped the way Slack escapes text. */
    private static String textObject(JsonNode t) {
        String s = SlackMessages.text(t, "text");
        if (s == null) {
            return null;
        }
        return "plain_text".equals(t.path("type").asText()) ? escape(s) : s;
    }

    private static String richText(JsonNode elements) {
        StringBuilder out = new StringBuilder();
        for (JsonNode e : elements) {
            if (out.length() > 0) {
                out.append('\n');
            }
            switch (e.path("type").asText()) {
                case "rich_text_preformatted" -> out.append("```").append(inlineRich(e.path("elements"))).append("```");
                case "rich_text_quote" -> out.append("&gt; ").append(inlineRich(e.path("elements")));
                case "rich_text_list" -> {
                    List<String> items = new ArrayList<>();
                    for (JsonNode item : e.path("elements")) {
                        items.add("• " + inlineRich(item.path("elements")));
                    }
                    out.append(String.join("\n", items));
                }
                default -> out.append(inlineRich(e.path("elements")));
            }
        }
        return out.toString();
    }

    private static String inlineRich(JsonNode elements) {
        StringBuilder out = new StringBuilder();
        for (JsonNode e : elements) {
            String type = e.path("type").asText();
            switch (type) {
                case "text" -> {
                    String t = escape(e.path("text").asText(""));
                    JsonNode style = e.path("style");
                    if (style.path("code").asBoolean() && !t.isBlank()) {
                        t = "`" + t + "`";
                    } else if (!t.isBlank()) {
                        if (style.path("bold").asBoolean()) {
                            t = "*" + t + "*";
                        }
                        if (style.path("italic").asBoolean()) {
                            t = "_" + t + "_";
                        }
                        if (style.path("strike").asBoolean()) {
                            t = "~" + t + "~";
                        }
                    }
                    out.append(t);
                }
                case "link" -> {
                    String url = e.path("url").asText("");
                    String label = SlackMessages.text(e, "text");
                    out.append('<').append(url).append(label == null ? "" : "|" + escape(label)).append('>');
                }
                case "user" -> out.append("<@").append(e.path("user_id").asText()).append('>');
                case "channel" -> out.append("<#").append(e.path("channel_id").asText()).append('>');
                case "usergroup" -> out.append("<!subteam^").append(e.path("usergroup_id").asText()).append('>');
                case "broadcast" -> out.append("<!").append(e.path("range").asText("here")).append('>');
                case "emoji" -> out.append(':').append(e.path("name").asText()).append(':');
                default -> {
                }
            }
        }
        return out.toString();
    }

    private static void file(JsonNode f, Parts parts) {
        String name = SlackMessages.text(f, "name");
        String title = SlackMessages.text(f, "title");
        String permalink = SlackMessages.text(f, "permalink");
        String label = title != null ? title : name;
        if (label == null && permalink == null) {
            return;
        }
        if (permalink != null && parts.contains(permalink)) {
            return;
        }
        String shown = label == null ? null : escape(label)
                + (name != null && title != null && !name.equals(title) ? " (" + escape(name) + ")" : "");
        parts.add("File: " + (permalink == null ? shown : "<" + permalink + (shown == null ? "" : "|" + shown) + ">"));
    }

    /** Plain text in Slack's own escaping, so that the Markdown conversion reads it as text. */
    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** The parts of a message's text in order, each at most once. */
    private static final class Parts {
        private final StringBuilder out = new StringBuilder();

        void add(String part) {
            if (part == null || part.isBlank()) {
                return;
            }
            String p = part.strip();
            if (contains(p)) {
                return;
            }
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(p);
        }

        boolean contains(String s) {
            return out.indexOf(s) >= 0;
        }

        @Override
        public String toString() {
            return out.toString();
        }
    }
}
