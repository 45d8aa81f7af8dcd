package dev.incidenttimeline.bot.slack;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Broadcast mentions in text the bot re-posts under its own name. Slack delivers
 * {@code @here} typed into a command as {@code <!here>}; posted back by the bot it would
 * notify the whole channel, around the workspace's rules on who may do that. The same goes
 * for {@code <!channel>}, {@code <!everyone>} and user groups ({@code <!subteam^S123|@oncall>}).
 * They become the plain words {@code @here}, {@code @oncall}: read the same, notify nobody.
 * Mentions of single users ({@code <@U123>}) stay mentions.
 */
public final class BroadcastMentions {
    private static final Pattern BROADCAST =
            Pattern.compile("<!(here|channel|everyone|subteam\\^[A-Za-z0-9]+)(?:\\|([^<>]*))?>");

    private BroadcastMentions() {
    }

    /** {@code text} with every broadcast mention replaced by its plain label; null stays null. */
    public static String defuse(String text) {
        if (text == null || text.indexOf("<!") < 0) {
            return text;
        }
        Matcher m = BROADCAST.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String label = m.group(2);
            String plain;
            if (label != null && !label.isBlank()) {
                plain = label.startsWith("@") ? label : "@" + label;
            } else if (m.group(1).startsWith("subteam")) {
                plain = "@usergroup";
            } else {
                plain = "@" + m.group(1);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(plain));
        }
        m.appendTail(out);
        return out.toString();
    }
}
