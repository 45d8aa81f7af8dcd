package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * One moment on an incident's timeline. Entries made from a Slack message keep the
 * message's own time, author, text, thread and permalink; {@code threadTs} is set for a
 * thread reply and names its parent. Deleted or un-tagged entries stay stored, flagged.
 */
public record TimelineEntry(
        long id,
        long incidentNumber,
        EntryKind kind,
        EntrySource source,
        Instant occurredAt,
        String authorId,
        String text,
        String channelId,
        String messageTs,
        String threadTs,
        String permalink,
        String taggedBy,
        boolean deleted) {

    public TimelineEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        text = text == null ? "" : text;
    }

    /** A reply inside a thread (its parent is {@code threadTs}). */
    public boolean isThreadReply() {
        return threadTs != null && messageTs != null && !threadTs.equals(messageTs);
    }
}
