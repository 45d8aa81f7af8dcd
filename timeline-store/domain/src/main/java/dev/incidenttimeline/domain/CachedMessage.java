package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The bot's copy of one message in an incident channel, kept from message events so that
 * tagging a message needs no Slack API call.
 */
public record CachedMessage(
        String teamId,
        String channelId,
        String ts,
        String threadTs,
        String userId,
        String botId,
        String subtype,
        String text,
        List<SharedFile> files,
        String editedTs,
        boolean deleted,
        String permalink,
        Instant postedAt) {

    public CachedMessage {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(ts, "ts");
        text = text == null ? "" : text;
        files = files == null ? List.of() : List.copyOf(files);
        if (postedAt == null) {
            postedAt = SlackTs.toInstant(ts);
        }
    }

    /** A file shared in a message: its name and where to find it. */
    public record SharedFile(String id, String name, String title, String permalink) {
    }
}
