package dev.incidenttimeline.bot.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Slack's message markup as the bot writes and reads it. Texts from slash commands and
 * message events arrive escaped ({@code &amp; &lt; &gt;}, mentions as {@code <@U123>}); the
 * bot stores them that way, as the timeline stores captured messages. Text typed into a
 * modal arrives raw and is escaped with {@link #escape} before it is stored.
 */
public final class SlackText {
    private static final Pattern MARKUP = Pattern.compile("<([^<>]*)>");

    private SlackText() {
    }

    /** Raw user text → Slack's escaped form. */
    public static String escape(String raw) {
        if (raw == null) {
            return "";
        }
        return raw.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /**
     * Slack markup → plain words: mentions and channel links become their label (or id),
     * links their label (or nothing), and Slack's three entities are decoded.
     */
    public static String toPlain(String slackText) {
        if (slackText == null) {
            return "";
        }
        Matcher m = MARKUP.matcher(slackText);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String inner = m.group(1);
            int bar = inner.indexOf('|');
            String label;
            if (bar >= 0) {
                label = inner.substring(bar + 1);
            } else if (inner.startsWith("@") || inner.startsWith("#")) {
                label = inner.substring(1);
            } else {
                label = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(label));
        }
        m.appendTail(out);
        return out.toString().replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
    }

    /** A user mention, rendered by Slack with the person's current name. */
    public static String mention(String userId) {
        return userId == null ? "nobody" : "<@" + userId + ">";
    }

    /** A channel link. */
    public static String channel(String channelId) {
        return "<#" + channelId + ">";
    }

    /**
     * Cuts markup to at most {@code max} characters with an ellipsis, never inside a
     * {@code <…>} token or an {@code &…;} entity (a cut there would break the message).
     */
    public static String shorten(String text, int max) {
        if (text == null) {
            return "";
        }
        if (text.length() <= max) {
            return text;
        }
        int cut = Math.max(0, max - 1);
        int open = text.lastIndexOf('<', cut);
        if (open >= 0 && text.lastIndexOf('>', cut) < open) {
            cut = open;
        }
        int amp = text.lastIndexOf('&', cut);
        if (amp >= 0 && amp > cut - 6 && text.indexOf(';', amp) >= cut) {
            cut = amp;
        }
        return text.substring(0, cut).stripTrailing() + "…";
    }

    /** Cuts plain text to {@code max} characters (Slack's limits on plain_text fields). */
    public static String shortenPlain(String text, int max) {
        if (text == null) {
            return "";
        }
        return text.length() <= max ? text : text.substring(0, Math.max(0, max - 1)) + "…";
    }

    /** One line: newlines become spaces (list rows, topics). */
    public static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }
}
