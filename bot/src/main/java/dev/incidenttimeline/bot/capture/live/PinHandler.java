package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.redaction.Redactor;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.config.Settings.TagConfirmation;
import com.slack.api.model.event.PinAddedEvent;
import com.slack.api.model.event.PinRemovedEvent;
import dev.incidenttimeline.bot.slack.InboxEvent;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.MessageCacheRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Pinning a message in an incident channel makes it an {@code event} entry ({@code PIN_EVENTS},
 * on by default); unpinning takes it off again. A pin is recorded as a tag under the
 * pseudo-reaction {@value #PIN_TAG}, which no emoji can be named, so it shares the entry
 * (and its lifetime rules) with {@code :pushpin:} reactions without being confused with them.
 * A message has one pin whoever pinned or unpins it, so its tag register is held by
 * {@value #PIN_HOLDER}: a pin and an unpin, in either order, end as their Slack times say.
 */
final class PinHandler {
    static final String PIN_TAG = "(pinned)";
    /** The one holder of a message's pin register; no Slack user id has parentheses. */
    static final String PIN_HOLDER = "(channel)";

    private final boolean enabled;
    private final TagRecorder recorder;
    private final MessageResolver resolver;
    private final Clock clock;

    /** @param redactor the configured rules (built-in and {@code REDACT_PATTERNS}), as for every other capture */
    PinHandler(boolean enabled, ZoneId zone, Redactor redactor, MessageResolver resolver, Clock clock) {
        this.enabled = enabled;
        this.recorder = new TagRecorder(new TimelineCapture(new TaggingReactions(Map.of(PIN_TAG, EntryKind.EVENT)),
                zone, redactor), TagConfirmation.NONE);
        this.resolver = resolver;
        this.clock = clock;
    }

    void added(Handle h, InboxEvent<PinAddedEvent> e) {
        Optional<Pin> pin = Pin.parse(e, clock.instant());
        if (!enabled || pin.isEmpty()) {
            return;
        }
        Pin p = pin.get();
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), p.channelId(), p.ts());
        if (inc.isEmpty()) {
            return;
        }
        Optional<ReactedMessage> resolved = resolve(h, e.teamId(), p);
        if (resolved.isEmpty()) {
            return;
        }
        MessageResolver.remember(h, resolved.get());
        CachedMessage m = AttachedRepositories.of(h, MessageCacheRepository.class).find(e.teamId(), p.channelId(), p.ts())
                .orElse(resolved.get().message());
        recorder.tag(h, inc.get(), m, PIN_TAG, p.userId(), PIN_HOLDER, p.at());
    }

    void removed(Handle h, InboxEvent<PinRemovedEvent> e) {
        Optional<Pin> pin = Pin.parse(e, clock.instant());
        if (!enabled || pin.isEmpty()) {
            return;
        }
        Pin p = pin.get();
        Optional<Incident> inc = IncidentChannels.lockMessageInBatch(h, e.teamId(), p.channelId(), p.ts());
        if (inc.isEmpty()) {
            return;
        }
        // Whoever unpins, the pin goes; an unpin that arrives before its pin leaves a tombstone.
        recorder.capture().untagged(h, inc.get(), p.channelId(), p.ts(), PIN_TAG, PIN_HOLDER, p.at());
    }

    /** The pinned message: the cache, else the copy the event carries, else Slack. */
    private Optional<ReactedMessage> resolve(Handle h, String teamId, Pin p) {
        boolean cached = AttachedRepositories.of(h, MessageCacheRepository.class).find(teamId, p.channelId(), p.ts()).isPresent();
        if (cached || p.message().isEmpty()) {
            return resolver.resolve(h, teamId, p.channelId(), p.ts());
        }
        CachedMessage m = p.message().get();
        if (m.permalink() == null) {
            m = MessageResolver.withPermalink(m, resolver.builtPermalink(teamId, p.channelId(), p.ts(), m.threadTs()));
        }
        return Optional.of(new ReactedMessage(m, true, false));
    }

    /** A {@code pin_added}/{@code pin_removed} of a message. */
    private record Pin(String userId, String channelId, String ts, Optional<CachedMessage> message, Instant at) {

        static Optional<Pin> parse(InboxEvent<?> e, Instant now) {
            JsonNode item = e.json().path("item");
            if (!"message".equals(SlackMessages.text(item, "type"))) {
                return Optional.empty();
            }
            String channel = SlackMessages.text(item, "channel");
            if (channel == null) {
                channel = e.text("channel_id");
            }
            JsonNode message = item.path("message");
            String ts = SlackMessages.text(message, "ts");
            if (ts == null) {
                ts = SlackMessages.text(item, "ts");
            }
            String user = SlackMessages.text(item, "created_by");
            if (user == null) {
                user = e.text("user");
            }
            if (channel == null || user == null || !SlackMessages.isTs(ts)) {
                return Optional.empty();
            }
            return Optional.of(new Pin(user, channel, ts, SlackMessages.fromEvent(e.teamId(), channel, message),
                    EventTimes.at(e, now)));
        }
    }
}
