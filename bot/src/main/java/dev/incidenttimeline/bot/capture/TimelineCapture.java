package dev.incidenttimeline.bot.capture;

import dev.incidenttimeline.bot.redaction.Redactor;
import dev.incidenttimeline.bot.actions.ActionItemText;
import dev.incidenttimeline.bot.people.Profiles;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewActionItem;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.RedactionRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * What happens to an incident's timeline when something happens in its channel: a message
 * is posted, edited or deleted, a tagging reaction is added or removed, someone joins.
 *
 * <p>The one place these rules live, shared by live capture (Slack events) and by the
 * import of Slack exports, so that an imported incident looks exactly like one captured
 * live. It knows nothing of Slack's SDK: messages are {@link CachedMessage}s and ids are
 * strings. Every method runs on a {@link Handle} that the caller has already opened in a
 * transaction, so that one event (or one whole import) is written all or nothing.
 */
public final class TimelineCapture {
    private final TaggingReactions reactions;
    private final ZoneId zone;
    private final Redactor redactor;

    /**
     * @param reactions which emoji tag which kind of moment ({@code TIMELINE_REACTIONS})
     * @param zone      where due-date phrases such as {@code fri} are read ({@code TIMEZONE})
     */
    public TimelineCapture(TaggingReactions reactions, ZoneId zone) {
        this(reactions, zone, Redactor.builtIn());
    }

    /** @param redactor the secrets removed from every message before it is stored ({@code REDACT_PATTERNS}) */
    public TimelineCapture(TaggingReactions reactions, ZoneId zone, Redactor redactor) {
        this.reactions = Objects.requireNonNull(reactions, "reactions");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    /**
     * The message as it may be stored: secrets replaced, and each kind found recorded in the
     * audit (the value never is). Every write of message text below goes through here.
     */
    private CachedMessage redacted(Handle h, CachedMessage m) {
        Redactor.Result r = redactor.redact(m.text());
        if (!r.changed()) {
            return m;
        }
        RedactionRepository audit = AttachedRepositories.of(h, RedactionRepository.class);
        r.kinds().forEach(kind -> audit.record(m.teamId(), m.channelId(), m.ts(), kind));
        return new CachedMessage(m.teamId(), m.channelId(), m.ts(), m.threadTs(), m.userId(), m.botId(), m.subtype(),
                r.text(), m.files(), m.editedTs(), m.deleted(), m.permalink(), m.postedAt());
    }

    /** What tagging did: the entry, whether this tag created (or restored) it, and its action item. */
    public record TagOutcome(TimelineEntry entry, boolean created, Optional<ActionItem> actionItem) {
        public TagOutcome {
            Objects.requireNonNull(entry, "entry");
            Objects.requireNonNull(actionItem, "actionItem");
        }
    }

    public TaggingReactions reactions() {
        return reactions;
    }

    /**
     * A message was posted in the incident channel: keep a copy. (The incident row is not
     * touched: reconciliation resumes from the newest cached message, so a busy channel
     * does not queue every message behind one row lock.)
     */
    public void messagePosted(Handle h, Incident inc, CachedMessage posted) {
        CachedMessage m = redacted(h, posted);
        AttachedRepositories.of(h, MessageCacheRepository.class).upsert(m);
        Profiles.seen(h, inc.teamId(), authorOf(m), m.text());
    }

    /**
     * A message was edited: the cached copy and every entry made from it take the new text;
     * the earlier text stays as a revision. An edit older than the one already stored, or
     * an edit of a deleted message, changes nothing. Returns how many entries changed.
     */
    public int messageEdited(Handle h, Incident inc, CachedMessage editedRaw, String editorId, Instant at) {
        CachedMessage edited = redacted(h, editedRaw);
        int stored = AttachedRepositories.of(h, MessageCacheRepository.class).upsertRaw(edited.teamId(), edited.channelId(),
                edited.ts(), edited.threadTs(), edited.userId(), edited.botId(), edited.subtype(), edited.text(),
                MessageCacheRepository.filesJson(edited.files()), edited.editedTs(), edited.deleted(),
                edited.permalink(), edited.postedAt());
        if (stored == 0) {
            return 0;
        }
        return AttachedRepositories.of(h, TimelineRepository.class)
                .applyEdit(inc.teamId(), edited.channelId(), edited.ts(), edited.text(), editorId, at);
    }

    /**
     * A message was deleted at Slack time {@code at}: its cached copy and its entries are
     * flagged. A delete that arrives before the message itself leaves a tombstone in the
     * cache, so the message cannot come back. Returns how many entries.
     */
    public int messageDeleted(Handle h, Incident inc, String channelId, String ts, Instant at) {
        AttachedRepositories.of(h, MessageCacheRepository.class).markDeleted(inc.teamId(), channelId, ts,
                SlackTs.toInstant(ts), at);
        return AttachedRepositories.of(h, TimelineRepository.class).markMessageDeleted(inc.teamId(), channelId, ts, at);
    }

    /**
     * Someone reacted to a message with {@code reaction}. An emoji that is not a tagging
     * reaction, or a deleted message, gives empty. Otherwise the message goes on the
     * timeline as the emoji's kind, keeping the message's own time, author, text, thread
     * and permalink; a detection or mitigation moves the incident's key times, and an
     * action becomes an action item (once per message).
     */
    public Optional<TagOutcome> tagged(Handle h, Incident inc, CachedMessage m, String reaction, String taggerId,
            Instant at, EntrySource source) {
        return tagged(h, inc, m, reaction, taggerId, taggerId, at, source);
    }

    /**
     * As {@link #tagged(Handle, Incident, CachedMessage, String, String, Instant, EntrySource)},
     * with the tag held by {@code holder} (a pin belongs to the message, not to who pinned it).
     *
     * <p>Order-free: {@code at} is the Slack time of the tag. A tag made before the message
     * was deleted, but arriving after the delete, is applied as it would have been in order
     * (its entry, key times and action item), and the entry is then flagged deleted; a tag
     * newer than the delete changes nothing. A tag older than its own removal leaves the
     * entry un-tagged (see {@link TimelineRepository#tag(String, NewEntry, String, String, Instant)}).
     */
    public Optional<TagOutcome> tagged(Handle h, Incident inc, CachedMessage reacted, String reaction, String taggerId,
            String holder, Instant at, EntrySource source) {
        Optional<EntryKind> kind = reactions.kindOf(reaction);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> deletedAt = Optional.empty();
        if (reacted.deleted()) {
            deletedAt = AttachedRepositories.of(h, MessageCacheRepository.class).deletedAt(inc.teamId(), reacted.channelId(),
                    reacted.ts());
            if (deletedAt.isEmpty() || !at.isBefore(deletedAt.get())) {
                return Optional.empty();
            }
        }
        CachedMessage m = redacted(h, reacted);
        if (m != reacted) {
            // A message fetched from Slack on a cache miss was cached as fetched; keep only this copy.
            AttachedRepositories.of(h, MessageCacheRepository.class).upsert(m);
        }
        Profiles.seen(h, inc.teamId(), authorOf(m), m.text());
        NewEntry entry = new NewEntry(inc.number(), kind.get(), source, m.postedAt(), authorOf(m), m.text(),
                m.channelId(), m.ts(), m.threadTs(), m.permalink(), taggerId);
        TimelineRepository timeline = AttachedRepositories.of(h, TimelineRepository.class);
        TimelineRepository.TagResult result = timeline.tag(inc.teamId(), entry, reaction, holder, at);
        long id = result.entry().id();
        if (result.entry().deleted()
                && timeline.deletedReason(inc.teamId(), id).filter("message_deleted"::equals).isPresent()) {
            // Its message was deleted, and this tag was already counted or came too late: not a moment.
            return Optional.of(new TagOutcome(result.entry(), false, Optional.empty()));
        }
        IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
        Optional<ActionItem> item = Optional.empty();
        switch (kind.get()) {
            case DETECTION -> incidents.noteDetected(inc.teamId(), inc.number(), m.postedAt());
            case MITIGATION -> incidents.noteMitigated(inc.teamId(), inc.number(), m.postedAt());
            case ACTION -> item = actionItemFrom(h, inc, m, taggerId, at);
            default -> {
            }
        }
        TimelineEntry stored = result.entry();
        if (deletedAt.isPresent()) {
            timeline.markMessageDeleted(inc.teamId(), m.channelId(), m.ts(), deletedAt.get());
            stored = timeline.findById(inc.teamId(), id).orElseThrow();
        }
        return Optional.of(new TagOutcome(stored, result.created() && !stored.deleted(), item));
    }

    /**
     * Someone removed a tagging reaction. When no tag of that kind remains on the message
     * its entry is flagged un-tagged (kept in the audit trail) and returned; otherwise empty.
     */
    public Optional<TimelineEntry> untagged(Handle h, Incident inc, String channelId, String ts, String reaction,
            String userId, Instant at) {
        Optional<EntryKind> kind = reactions.kindOf(reaction);
        if (kind.isEmpty()) {
            return Optional.empty();
        }
        return AttachedRepositories.of(h, TimelineRepository.class)
                .untag(inc.teamId(), channelId, ts, reaction, userId, kind.get(), at);
    }

    /** Someone joined the incident channel (live capture); see {@link #participantJoined(Handle, Incident, String, Instant, EntrySource)}. */
    public boolean participantJoined(Handle h, Incident inc, String userId, Instant at) {
        return participantJoined(h, inc, userId, at, EntrySource.SYSTEM);
    }

    /**
     * Someone joined the incident: a participant, and a timeline entry the first time only
     * (joining, leaving and joining again is one participant). Returns whether they were new.
     */
    public boolean participantJoined(Handle h, Incident inc, String userId, Instant at, EntrySource source) {
        Objects.requireNonNull(userId, "userId");
        boolean added = AttachedRepositories.of(h, ParticipantRepository.class)
                .add(inc.teamId(), new Participant(inc.number(), userId, at));
        if (added) {
            Profiles.seen(h, inc.teamId(), userId, null);
            String where = inc.channelName() == null ? "the incident channel" : "#" + inc.channelName();
            AttachedRepositories.of(h, TimelineRepository.class).append(inc.teamId(),
                    NewEntry.of(inc.number(), EntryKind.PARTICIPANT, source, at, userId, "joined " + where));
        }
        return added;
    }

    /**
     * The action item a message tagged as an action stands for: {@code Action: <what> —
     * owner <@U…> due <phrase>}. The due phrase is read relative to the message's own date;
     * one that cannot be read leaves the item undated rather than losing it.
     */
    private Optional<ActionItem> actionItemFrom(Handle h, Incident inc, CachedMessage m, String taggerId,
            Instant at) {
        ActionItemText parts = ActionItemText.split(m.text());
        String text = parts.text().isBlank() ? m.text().strip() : parts.text();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        LocalDate due = dueDate(parts, m.postedAt().atZone(zone).toLocalDate());
        NewActionItem item = new NewActionItem(inc.number(), text, parts.ownerId(), due, taggerId, at, m.ts());
        return Optional.of(AttachedRepositories.of(h, ActionItemRepository.class).add(inc.teamId(), item));
    }

    private static LocalDate dueDate(ActionItemText parts, LocalDate messageDay) {
        try {
            return parts.dueDate(messageDay).orElse(null);
        } catch (DomainException unreadable) {
            // Written by people in a hurry ("due when the vendor answers"): keep the item, undated.
            return null;
        }
    }

    /** A person's message is theirs; an app's message (no user) is its bot's. */
    private static String authorOf(CachedMessage m) {
        return m.userId() != null ? m.userId() : m.botId();
    }
}
