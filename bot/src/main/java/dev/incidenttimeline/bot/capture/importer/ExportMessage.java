package dev.incidenttimeline.bot.capture.importer;

import dev.incidenttimeline.domain.CachedMessage;
import java.util.List;
import java.util.Objects;

/**
 * One message of a day file, with the fields the timeline uses. {@code threadTs} is set on
 * a thread's parent (equal to {@code ts}) and on its replies; {@code username} is the name
 * an app posted under; reactions list everyone who reacted with each emoji.
 */
public record ExportMessage(
        String ts,
        String threadTs,
        String userId,
        String botId,
        String username,
        String subtype,
        String text,
        List<CachedMessage.SharedFile> files,
        String editedBy,
        String editedTs,
        List<Reaction> reactions) {

    public ExportMessage {
        Objects.requireNonNull(ts, "ts");
        text = text == null ? "" : text;
        files = files == null ? List.of() : List.copyOf(files);
        reactions = reactions == null ? List.of() : List.copyOf(reactions);
    }

    /** One emoji on a message and who reacted with it. */
    public record Reaction(String name, List<String> users) {
        public Reaction {
            Objects.requireNonNull(name, "name");
            users = users == null ? List.of() : List.copyOf(users);
        }
    }

    /** Posted by an app or integration rather than by a person. */
    public boolean isFromBot() {
        return botId != null || "bot_message".equals(subtype);
    }

    /** Slack's placeholder for a thread parent that was deleted while it had replies. */
    public boolean isTombstone() {
        return "tombstone".equals(subtype);
    }
}
