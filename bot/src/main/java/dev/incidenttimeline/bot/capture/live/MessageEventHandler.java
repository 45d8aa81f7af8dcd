package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import dev.incidenttimeline.bot.slack.InboxEvent;
import dev.incidenttimeline.bot.people.Profiles;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.Incident;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * Keeps the message cache of incident channels from {@code message} events: new messages
 * and thread replies (any subtype that is a message of its own: file shares, bot messages,
 * thread broadcasts …), edits and deletes. Messages in other channels are not kept.
 */
final class MessageEventHandler {
    /** Subtypes that announce something about another message rather than being one. */
    private static final Set<String> NOT_A_MESSAGE = Set.of("message_changed", "message_deleted",
            "message_replied", "ekm_access_denied");

    private final TimelineCapture capture;
    private final MessageResolver resolver;
    private final Clock clock;

    MessageEventHandler(TimelineCapture capture, MessageResolver resolver, Clock clock) {
        this.capture = capture;
        this.resolver = resolver;
        this.clock = clock;
    }

    /** {@code message} and its subtypes without a handler of their own. */
    void posted(Handle h, InboxEvent<MessageEvent> e) {
        if (e.subtype() != null && NOT_A_MESSAGE.contains(e.subtype())) {
            return;
        }
        String channel = e.event().getChannel();
        // The JSON, not the class: the message's attachments and blocks are read as Slack sent them.
        Optional<CachedMessage> m = SlackMessages.fromEvent(e.teamId(), channel, e.json());
        if (m.isEmpty()) {
            return;
        }
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), channel, m.get().ts());
        if (inc.isEmpty()) {
            return;
        }
        CachedMessage posted = m.get();
        if (posted.userId() == null && posted.botId() != null) {
            Profiles.botNamed(h, e.teamId(), posted.botId(), MessageContent.botName(e.json()).orElse(null));
        }
        // Cached with its permalink, so that tagging it later writes nothing more about it.
        Optional<String> link = posted.permalink() != null ? Optional.empty()
                : resolver.knownPermalink(e.teamId(), channel, posted.ts(), posted.threadTs());
        capture.messagePosted(h, inc.get(), link.map(l -> MessageResolver.withPermalink(posted, l)).orElse(posted));
    }

    /** {@code message_changed}: an edit (or an unfurl, which changes no text). */
    void changed(Handle h, InboxEvent<MessageChangedEvent> e) {
        String channel = e.event().getChannel();
        JsonNode message = e.json().path("message");
        Optional<CachedMessage> edited = SlackMessages.fromEvent(e.teamId(), channel, message);
        if (edited.isEmpty()) {
            return;
        }
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), channel, edited.get().ts());
        if (inc.isEmpty()) {
            return;
        }
        CachedMessage m = edited.get();
        Instant eventAt = EventTimes.at(e, clock.instant());
        if (SlackMessages.isTombstone(m)) {
            capture.messageDeleted(h, inc.get(), m.channelId(), m.ts(), eventAt);
            return;
        }
        String editor = SlackMessages.text(message.path("edited"), "user");
        capture.messageEdited(h, inc.get(), m, editor != null ? editor : m.userId(),
                SlackMessages.instantOr(m.editedTs(), eventAt));
    }

    /** {@code message_deleted}: the cached copy and any entry made from it are flagged. */
    void deleted(Handle h, InboxEvent<MessageDeletedEvent> e) {
        String channel = e.event().getChannel();
        String ts = e.event().getDeletedTs();
        if (ts == null && e.event().getPreviousMessage() != null) {
            ts = e.event().getPreviousMessage().getTs();
        }
        if (!SlackMessages.isTs(ts)) {
            return;
        }
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), channel, ts);
        if (inc.isEmpty()) {
            return;
        }
        capture.messageDeleted(h, inc.get(), channel, ts, EventTimes.at(e, clock.instant()));
    }
}
