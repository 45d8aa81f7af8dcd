package dev.incidenttimeline.bot.capture.live;

import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import dev.incidenttimeline.bot.slack.InboxEvent;
import dev.incidenttimeline.domain.Incident;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Tagging by reaction: a configured emoji on a message in an incident channel puts the
 * message on the timeline as that kind of moment; removing the last such reaction takes it
 * off (flagged and audited, never lost). Any other emoji or channel does nothing, not even
 * a Slack call. No Slack call is made inside the inbox transaction: see {@link MessageResolver}.
 */
final class ReactionTagHandler {
    private final TagRecorder recorder;
    private final MessageResolver resolver;
    private final Clock clock;

    ReactionTagHandler(TagRecorder recorder, MessageResolver resolver, Clock clock) {
        this.recorder = recorder;
        this.resolver = resolver;
        this.clock = clock;
    }

    void added(Handle h, InboxEvent<ReactionAddedEvent> e) {
        Optional<ReactionEvent> r = ReactionEvent.parse(e, clock.instant());
        if (r.isEmpty() || recorder.capture().reactions().kindOf(r.get().reaction()).isEmpty()) {
            return;
        }
        ReactionEvent reaction = r.get();
        // Lock, then read the message under the lock, so a delete processed meanwhile wins over
        // this tag. The resolver never calls Slack here: a message it does not have yet is
        // fetched by the worker after this transaction (FetchFirst), and the event comes back.
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), reaction.channelId(),
                reaction.ts());
        if (inc.isEmpty()) {
            return;
        }
        Optional<ReactedMessage> resolved = resolver.resolve(h, e.teamId(), reaction.channelId(), reaction.ts());
        if (resolved.isEmpty()) {
            return;
        }
        MessageResolver.remember(h, resolved.get());
        recorder.tag(h, inc.get(), resolved.get().message(), reaction.reaction(), reaction.userId(), reaction.at());
    }

    void removed(Handle h, InboxEvent<ReactionRemovedEvent> e) {
        Optional<ReactionEvent> r = ReactionEvent.parse(e, clock.instant());
        if (r.isEmpty() || recorder.capture().reactions().kindOf(r.get().reaction()).isEmpty()) {
            return;
        }
        ReactionEvent reaction = r.get();
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), reaction.channelId(),
                reaction.ts());
        if (inc.isEmpty()) {
            return;
        }
        recorder.capture().untagged(h, inc.get(), reaction.channelId(), reaction.ts(), reaction.reaction(),
                reaction.userId(), reaction.at());
    }
}
