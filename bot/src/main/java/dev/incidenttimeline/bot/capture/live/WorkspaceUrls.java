package dev.incidenttimeline.bot.capture.live;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Each workspace's web address ({@code https://acme.slack.com}), from which a message's
 * permalink is built the way Slack builds it, so that tagging needs no
 * {@code chat.getPermalink} call. Learned from {@code auth.test}'s {@code url} or from any
 * permalink Slack gave us; kept in memory (it changes only when a workspace is renamed, and
 * a permalink with the old name still redirects).
 */
final class WorkspaceUrls {
    private static final Pattern BASE = Pattern.compile("^(https://[^/?#]+)/");
    private final Map<String, String> byTeam = new ConcurrentHashMap<>();

    Optional<String> of(String teamId) {
        return Optional.ofNullable(byTeam.get(teamId));
    }

    /** Remembers the address of a workspace from a URL of it ({@code auth.test}'s url or a permalink). */
    void learn(String teamId, String url) {
        if (url == null) {
            return;
        }
        Matcher m = BASE.matcher(url.endsWith("/") ? url : url + "/");
        if (m.find()) {
            byTeam.put(teamId, m.group(1));
        }
    }

    /**
     * The permalink Slack gives a message: {@code <base>/archives/<channel>/p<ts without the dot>},
     * and for a thread reply {@code ?thread_ts=<parent>&cid=<channel>} after it.
     */
    static String permalink(String base, String channelId, String ts, String threadTs) {
        String link = base + "/archives/" + channelId + "/p" + ts.replace(".", "");
        if (threadTs != null && !threadTs.equals(ts)) {
            link += "?thread_ts=" + threadTs + "&cid=" + channelId;
        }
        return link;
    }
}
