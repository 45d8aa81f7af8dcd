package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.config.Settings.TagConfirmation;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The one path by which a tagging reaction becomes a timeline entry, for live events and
 * reconciliation alike: the entry (through {@link TimelineCapture}), its permalink, and the
 * confirmation in Slack. The confirmation is queued in the same transaction as the entry,
 * with one dedupe key per message and kind, so it is sent once, and only for a stored entry.
 */
final class TagRecorder {
    /** Marks that are not tagging emoji by default; the first one not configured for tagging is used. */
    private static final List<String> CONFIRMATION_EMOJI = List.of("white_check_mark", "heavy_check_mark",
            "ballot_box_with_check", "eyes", "ok");

    private final TimelineCapture capture;
    private final TagConfirmation confirmation;
    private final String confirmationEmoji;

    TagRecorder(TimelineCapture capture, TagConfirmation confirmation) {
        this.capture = capture;
        this.confirmation = confirmation;
        this.confirmationEmoji = confirmationEmoji(capture.reactions());
    }

    TimelineCapture capture() {
        return capture;
    }

    /**
     * {@code taggerId} tagged {@code m} with {@code reaction}. Empty for an emoji that does not
     * tag, or a deleted message. Call it holding the incident's lock.
     */
    Optional<TimelineCapture.TagOutcome> tag(Handle h, Incident inc, CachedMessage m, String reaction,
            String taggerId, Instant at) {
        return tag(h, inc, m, reaction, taggerId, taggerId, at);
    }

    /** As {@link #tag(Handle, Incident, CachedMessage, String, String, Instant)}, the tag held by {@code holder}. */
    Optional<TimelineCapture.TagOutcome> tag(Handle h, Incident inc, CachedMessage m, String reaction,
            String taggerId, String holder, Instant at) {
        Optional<TimelineCapture.TagOutcome> outcome = capture.tagged(h, inc, m, reaction, taggerId, holder, at,
                EntrySource.REACTION);
        if (outcome.isEmpty()) {
            return Optional.empty();
        }
        TimelineEntry entry = outcome.get().entry();
        if (m.permalink() != null && entry.permalink() == null) {
            AttachedRepositories.of(h, TimelineRepository.class).setPermalink(inc.teamId(), m.channelId(), m.ts(), m.permalink());
        }
        if (outcome.get().created() && !entry.deleted()) {
            confirm(new Outbox(h, inc.teamId()), inc, m, entry);
        }
        return outcome;
    }

    private void confirm(Outbox outbox, Incident inc, CachedMessage m, TimelineEntry entry) {
        String key = "tag-confirmation:" + m.channelId() + ":" + m.ts() + ":" + entry.kind().code();
        switch (confirmation) {
            case REACTION -> outbox.addReaction(key, m.channelId(), m.ts(), confirmationEmoji);
            case THREAD -> outbox.postMessage(key, m.channelId(),
                    "Added to the " + inc.key() + " timeline as " + entry.kind().label() + ".", null,
                    m.threadTs() != null ? m.threadTs() : m.ts());
            case NONE -> {
            }
        }
    }

    /** The reaction that confirms a tag: never one that would itself tag the message. */
    static String confirmationEmoji(TaggingReactions reactions) {
        return CONFIRMATION_EMOJI.stream().filter(e -> reactions.kindOf(e).isEmpty()).findFirst()
                .orElseThrow(() -> new IllegalStateException("every confirmation emoji is a tagging reaction"));
    }
}
