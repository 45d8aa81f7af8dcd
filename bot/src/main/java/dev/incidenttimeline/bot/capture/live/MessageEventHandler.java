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
    private final Clock clock;

    MessageEventHandler(TimelineCapture capture, Clock clock) {
        this.capture = capture;
        this.clock = clock;
    }

    /** {@code message} and its subtypes without a handler of their own. */
    void posted(Handle h, InboxEvent<MessageEvent> e) {
        if (e.subtype() != null && NOT_A_MESSAGE.contains(e.subtype())) {
            return;
        }
        String channel = e.event().getChannel();
        Optional<Incident> inc = IncidentChannels.find(h, e.teamId(), channel);
        if (inc.isEmpty()) {
            return;
        }
        // The JSON, not the class: the message's attachments and blocks are read as Slack sent them.
        Optional<CachedMessage> m = SlackMessages.fromEvent(e.teamId(), channel, e.json());
        if (m.isEmpty() || !IncidentChannels.lockMessageInBatch(h, inc.get(), channel, m.get().ts())) {
            return;
        }
        if (m.get().userId() == null && m.get().botId() != null) {
            Profiles.botNamed(h, e.teamId(), m.get().botId(), MessageContent.botName(e.json()).orElse(null));
        }
        capture.messagePosted(h, inc.get(), m.get());
    }

    /** {@code message_changed}: an edit (or an unfurl, which changes no text). */
    void changed(Handle h, InboxEvent<MessageChangedEvent> e) {
        String channel = e.event().getChannel();
        Optional<Incident> inc = IncidentChannels.find(h, e.teamId(), channel);
        if (inc.isEmpty()) {
            return;
        }
        JsonNode message = e.json().path("message");
        Optional<CachedMessage> edited = SlackMessages.fromEvent(e.teamId(), channel, message);
        if (edited.isEmpty() || !IncidentChannels.lockMessageInBatch(h, inc.get(), channel, edited.get().ts())) {
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
        Optional<Incident> inc = IncidentChannels.find(h, e.teamId(), channel);
        if (inc.isEmpty()) {
            return;
        }
        String ts = e.event().getDeletedTs();
        if (ts == null && e.event().getPreviousMessage() != null) {
            ts = e.event().getPreviousMessage().getTs();
        }
        if (!SlackMessages.isTs(ts) || !IncidentChannels.lockMessageInBatch(h, inc.get(), channel, ts)) {
            return;
        }
        capture.messageDeleted(h, inc.get(), channel, ts, EventTimes.at(e, clock.instant()));
    }
}
