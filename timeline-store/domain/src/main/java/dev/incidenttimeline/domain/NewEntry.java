package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Objects;

/** An entry about to be written; see {@link TimelineEntry}. */
public record NewEntry(
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
        String taggedBy) {

    public NewEntry {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(occurredAt, "occurredAt");
        text = text == null ? "" : text;
        if (messageTs != null && channelId == null) {
            throw new IllegalArgumentException("an entry from a message needs its channel");
        }
    }

    /** An entry written by the bot or a command, not tied to a message. */
    public static NewEntry of(long incidentNumber, EntryKind kind, EntrySource source, Instant at, String authorId,
            String text) {
        return new NewEntry(incidentNumber, kind, source, at, authorId, text, null, null, null, null, null);
    }
}
