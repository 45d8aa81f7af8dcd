package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.TimelineEntry;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * An incident's timeline. Entries are never hard-deleted: un-tagging and message deletes
 * flag them, edits keep the earlier text as a revision, and every change is audited.
 */
@RegisterRowMapper(TimelineRepository.Mapper.class)
public interface TimelineRepository {

    /** What tagging did: the entry, and whether this call created (or restored) it. */
    record TagResult(TimelineEntry entry, boolean created) {
    }

    /** Appends an entry that is not tied to a tagged message (commands, the bot itself). */
    @JoinsTransaction
    default TimelineEntry append(String teamId, NewEntry e) {
        TimelineEntry entry = insert(teamId, e.incidentNumber(), e.kind().code(), e.source().code(), e.occurredAt(),
                e.authorId(), e.text(), e.channelId(), e.messageTs(), e.threadTs(), e.permalink(), e.taggedBy());
        audit(teamId, entry.id(), "created", e.authorId(), e.occurredAt());
        return entry;
    }

    @SqlQuery("""
            INSERT INTO timeline_entries (team_id, incident_number, kind, source, occurred_at, author_id, text,
                                          channel_id, message_ts, thread_ts, permalink, tagged_by)
            VALUES (:teamId, :incidentNumber, :kind, :source, :occurredAt, :authorId, :text,
                    :channelId, :messageTs, :threadTs, :permalink, :taggedBy)
            RETURNING *
            """)
    TimelineEntry insert(String teamId, long incidentNumber, String kind, String source, Instant occurredAt,
            String authorId, String text, String channelId, String messageTs, String threadTs, String permalink,
            String taggedBy);

    /**
     * Puts a tagged message on the timeline; see {@link #tag(String, NewEntry, String, String, Instant)}. The tag
     * is held by whoever tagged ({@code e.taggedBy()}).
     */
    default TagResult tag(String teamId, NewEntry e, String reaction, Instant at) {
        return tag(teamId, e, reaction, e == null ? null : e.taggedBy(), at);
    }

    /**
     * Applies the add of a tag at Slack time {@code at}. The same message and kind is one entry
     * however many people tag it and however often the event is delivered. Each
     * (message, reaction, holder) is a last-writer-wins register: an add older than a removal
     * already applied leaves the tag removed, so the entry, created if it was not there, ends
     * un-tagged exactly as if the two had arrived in order. An entry un-tagged earlier comes
     * back when a tag is present again; one whose message was deleted does not.
     *
     * @param holder whose tag this is (a person; for pins, the message's one pin register)
     */
    @JoinsTransaction
    default TagResult tag(String teamId, NewEntry e, String reaction, String holder, Instant at) {
        if (e.messageTs() == null || e.taggedBy() == null || holder == null) {
            throw new IllegalArgumentException("a tag needs its message and who tagged it");
        }
        boolean applied = setTag(teamId, e.channelId(), e.messageTs(), reaction, holder, e.kind().code(), true, at) == 1;
        Optional<TimelineEntry> inserted = insertTagged(teamId, e.incidentNumber(), e.kind().code(), e.source().code(),
                e.occurredAt(), e.authorId(), e.text(), e.channelId(), e.messageTs(), e.threadTs(), e.permalink(),
                e.taggedBy(), at);
        if (inserted.isPresent() && applied) {
            // The usual first tag: a new entry, and this tag present, so nothing to un-tag or restore.
            return new TagResult(inserted.get(), true);
        }
        TimelineEntry entry;
        boolean created;
        if (inserted.isPresent()) {
            entry = inserted.get();
            created = true;
        } else {
            // The row exists and is now locked by us until commit.
            entry = lockMessageEntry(teamId, e.channelId(), e.messageTs(), e.kind().code()).orElseThrow();
            created = false;
        }
        boolean present = countTags(teamId, e.channelId(), e.messageTs(), e.kind().code()) > 0;
        if (!present) {
            // A removal newer than this add was applied first: the natural order ends here too.
            if (!entry.deleted()) {
                softDelete(teamId, entry.id(), "untagged");
                audit(teamId, entry.id(), "untagged", e.taggedBy(), at);
            }
        } else if (restoreUntagged(teamId, entry.id()) == 1) {
            audit(teamId, entry.id(), "restored", e.taggedBy(), at);
            created = true;
        } else if (applied && !created) {
            audit(teamId, entry.id(), "tagged", e.taggedBy(), at);
        }
        if (!entry.deleted() && present && !created) {
            return new TagResult(entry, false);
        }
        return new TagResult(findById(teamId, entry.id()).orElseThrow(), created);
    }

    /**
     * The entry of a message and kind, and its {@code created} audit row by {@code taggedBy} at
     * {@code at}, in one statement; empty (and nothing audited) when the entry already exists.
     */
    @SqlQuery("""
            WITH entry AS (
                INSERT INTO timeline_entries (team_id, incident_number, kind, source, occurred_at, author_id, text,
                                              channel_id, message_ts, thread_ts, permalink, tagged_by)
                VALUES (:teamId, :incidentNumber, :kind, :source, :occurredAt, :authorId, :text,
                        :channelId, :messageTs, :threadTs, :permalink, :taggedBy)
                ON CONFLICT (team_id, channel_id, message_ts, kind) DO NOTHING
                RETURNING *),
            audited AS (
                INSERT INTO entry_audit (team_id, entry_id, action, actor_id, at)
                SELECT team_id, id, 'created', :taggedBy, :at FROM entry)
            SELECT * FROM entry
            """)
    Optional<TimelineEntry> insertTagged(String teamId, long incidentNumber, String kind, String source,
            Instant occurredAt, String authorId, String text, String channelId, String messageTs, String threadTs,
            String permalink, String taggedBy, Instant at);

    @SqlQuery("""
            SELECT * FROM timeline_entries
            WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs AND kind = :kind
            FOR UPDATE
            """)
    Optional<TimelineEntry> lockMessageEntry(String teamId, String channelId, String messageTs, String kind);

    @SqlUpdate("""
            UPDATE timeline_entries SET deleted = false, deleted_reason = NULL, updated_at = now()
            WHERE team_id = :teamId AND id = :id AND deleted_reason = 'untagged'
            """)
    int restoreUntagged(String teamId, long id);

    /**
     * Sets one tag register to present or removed, if {@code at} is newer than what it holds
     * (on a tie the removal wins, so the outcome never depends on arrival order). Returns 1
     * when the register changed, 0 when this event is older than what it already knows.
     */
    @SqlUpdate("""
            INSERT INTO entry_tags AS t (team_id, channel_id, message_ts, reaction, user_id, kind, tagged_at, present,
                                         last_event_at)
            VALUES (:teamId, :channelId, :messageTs, :reaction, :userId, :kind, :at, :present, :at)
            ON CONFLICT (team_id, channel_id, message_ts, reaction, user_id) DO UPDATE SET
                present = EXCLUDED.present,
                last_event_at = EXCLUDED.last_event_at,
                tagged_at = CASE WHEN EXCLUDED.present THEN EXCLUDED.tagged_at ELSE t.tagged_at END
            WHERE t.last_event_at < EXCLUDED.last_event_at
               OR (t.last_event_at = EXCLUDED.last_event_at AND t.present AND NOT EXCLUDED.present)
            """)
    int setTag(String teamId, String channelId, String messageTs, String reaction, String userId, String kind,
            boolean present, Instant at);

    /**
     * Applies the removal of one tag at Slack time {@code at}, leaving a tombstone even when
     * the add has not arrived yet, so that a late add older than it changes nothing. When no
     * tag of that kind remains on the message, the entry is flagged un-tagged (and audited);
     * returns that entry.
     */
    @JoinsTransaction
    default Optional<TimelineEntry> untag(String teamId, String channelId, String messageTs, String reaction,
            String userId, EntryKind kind, Instant at) {
        Optional<TimelineEntry> entry = lockMessageEntry(teamId, channelId, messageTs, kind.code());
        if (setTag(teamId, channelId, messageTs, reaction, userId, kind.code(), false, at) == 0 || entry.isEmpty()) {
            return Optional.empty();
        }
        if (countTags(teamId, channelId, messageTs, kind.code()) > 0 || entry.get().deleted()) {
            return Optional.empty();
        }
        softDelete(teamId, entry.get().id(), "untagged");
        audit(teamId, entry.get().id(), "untagged", userId, at);
        return findById(teamId, entry.get().id());
    }

    /** How many tags of {@code kind} are present on a message (tombstones do not count). */
    @SqlQuery("""
            SELECT count(*) FROM entry_tags
            WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs AND kind = :kind
              AND present
            """)
    int countTags(String teamId, String channelId, String messageTs, String kind);

    /** Who holds a present tag with {@code reaction} on a message. */
    @SqlQuery("""
            SELECT user_id FROM entry_tags
            WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs AND reaction = :reaction
              AND present
            ORDER BY user_id
            """)
    List<String> listTaggers(String teamId, String channelId, String messageTs, String reaction);

    @SqlUpdate("""
            UPDATE timeline_entries SET deleted = true, deleted_reason = :reason, updated_at = now()
            WHERE team_id = :teamId AND id = :id
            """)
    int softDelete(String teamId, long id, String reason);

    /**
     * A tagged message was edited: every entry made from it takes the new text, and the
     * earlier text is kept as a revision. Returns how many entries changed.
     */
    @SqlUpdate("""
            WITH old AS (
                SELECT id, text FROM timeline_entries
                WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs
                  AND text IS DISTINCT FROM :newText
                FOR UPDATE
            ), revisions AS (
                INSERT INTO entry_revisions (team_id, entry_id, text, replaced_at)
                SELECT :teamId, id, text, :at FROM old
            ), audits AS (
                INSERT INTO entry_audit (team_id, entry_id, action, actor_id, at)
                SELECT :teamId, id, 'edited', :editorId, :at FROM old
            )
            UPDATE timeline_entries t SET text = :newText, updated_at = now()
            FROM old WHERE t.team_id = :teamId AND t.id = old.id
            """)
    int applyEdit(String teamId, String channelId, String messageTs, String newText, String editorId, Instant at);

    /** A tagged message was deleted in Slack: its entries are flagged. Returns how many. */
    @SqlUpdate("""
            WITH gone AS (
                UPDATE timeline_entries SET deleted = true, deleted_reason = 'message_deleted', updated_at = now()
                WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs
                  AND (NOT deleted OR deleted_reason = 'untagged')
                RETURNING id
            )
            INSERT INTO entry_audit (team_id, entry_id, action, actor_id, at)
            SELECT :teamId, id, 'deleted', NULL, :at FROM gone
            """)
    int markMessageDeleted(String teamId, String channelId, String messageTs, Instant at);

    /** Moves an entry to another moment (a later import extends the resolution), audited as an edit. */
    @JoinsTransaction
    default void moveEntry(String teamId, long id, Instant occurredAt, String actorId, Instant at) {
        if (updateOccurredAt(teamId, id, occurredAt) == 1) {
            audit(teamId, id, "edited", actorId, at);
        }
    }

    @SqlUpdate("""
            UPDATE timeline_entries SET occurred_at = :occurredAt, updated_at = now()
            WHERE team_id = :teamId AND id = :id AND occurred_at <> :occurredAt
            """)
    int updateOccurredAt(String teamId, long id, Instant occurredAt);

    /** Sets the permalink on entries of a message that lack one. */
    @SqlUpdate("""
            UPDATE timeline_entries SET permalink = :permalink
            WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs AND permalink IS NULL
            """)
    int setPermalink(String teamId, String channelId, String messageTs, String permalink);

    @SqlUpdate("""
            INSERT INTO entry_audit (team_id, entry_id, action, actor_id, at)
            VALUES (:teamId, :entryId, :action, :actorId, :at)
            """)
    void audit(String teamId, long entryId, String action, String actorId, Instant at);

    /** Why an entry is flagged ({@code untagged}, {@code message_deleted}); empty for a live entry. */
    @SqlQuery("SELECT deleted_reason FROM timeline_entries WHERE team_id = :teamId AND id = :id AND deleted")
    Optional<String> deletedReason(String teamId, long id);

    @SqlQuery("SELECT * FROM timeline_entries WHERE team_id = :teamId AND id = :id")
    Optional<TimelineEntry> findById(String teamId, long id);

    @SqlQuery("""
            SELECT * FROM timeline_entries
            WHERE team_id = :teamId AND channel_id = :channelId AND message_ts = :messageTs
            ORDER BY kind
            """)
    List<TimelineEntry> listForMessage(String teamId, String channelId, String messageTs);

    /** The live timeline of an incident, in time order (deleted and un-tagged entries left out). */
    @SqlQuery("""
            SELECT * FROM timeline_entries
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND NOT deleted
            ORDER BY occurred_at, id
            """)
    List<TimelineEntry> listForIncident(String teamId, long incidentNumber);

    /** Every entry, flagged ones included, in time order. */
    @SqlQuery("""
            SELECT * FROM timeline_entries
            WHERE team_id = :teamId AND incident_number = :incidentNumber
            ORDER BY occurred_at, id
            """)
    List<TimelineEntry> listAllForIncident(String teamId, long incidentNumber);

    /** The newest {@code limit} live entries, returned oldest first. */
    @SqlQuery("""
            SELECT * FROM (
                SELECT * FROM timeline_entries
                WHERE team_id = :teamId AND incident_number = :incidentNumber AND NOT deleted
                ORDER BY occurred_at DESC, id DESC
                LIMIT :limit
            ) latest ORDER BY occurred_at, id
            """)
    List<TimelineEntry> listLatest(String teamId, long incidentNumber, int limit);

    /** Earlier texts of an entry, oldest first. */
    @SqlQuery("SELECT text FROM entry_revisions WHERE team_id = :teamId AND entry_id = :entryId ORDER BY id")
    List<String> listRevisions(String teamId, long entryId);

    /** The audit trail of an entry: action codes, oldest first. */
    @SqlQuery("SELECT action FROM entry_audit WHERE team_id = :teamId AND entry_id = :entryId ORDER BY id")
    List<String> listAudit(String teamId, long entryId);

    final class Mapper implements RowMapper<TimelineEntry> {
        @Override
        public TimelineEntry map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new TimelineEntry(
                    rs.getLong("id"),
                    rs.getLong("incident_number"),
                    EntryKind.fromCode(rs.getString("kind")),
                    EntrySource.fromCode(rs.getString("source")),
                    IncidentRepository.instant(rs, "occurred_at"),
                    rs.getString("author_id"),
                    rs.getString("text"),
                    rs.getString("channel_id"),
                    rs.getString("message_ts"),
                    rs.getString("thread_ts"),
                    rs.getString("permalink"),
                    rs.getString("tagged_by"),
                    rs.getBoolean("deleted"));
        }
    }
}
