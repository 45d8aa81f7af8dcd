package dev.incidenttimeline.bot.capture.live;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MemberLeftChannelEvent;
import dev.incidenttimeline.bot.slack.InboxEvent;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.ChannelMemberRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Someone joining an incident channel becomes a participant (the bot itself does not); joins
 * and leaves keep the channel's current members, which decide who sees a private incident.
 */
final class ParticipantHandler {
    private final TimelineCapture capture;
    private final Clock clock;

    ParticipantHandler(TimelineCapture capture, Clock clock) {
        this.capture = capture;
        this.clock = clock;
    }

    void joined(Handle h, InboxEvent<MemberJoinedChannelEvent> e) {
        String user = e.event().getUser();
        if (user == null || isTheBot(e, user)) {
            return;
        }
        Optional<Incident> inc = IncidentChannels.find(h, e.teamId(), e.event().getChannel());
        if (inc.isEmpty() || !IncidentChannels.exists(h, inc.get())) {
            return;
        }
        Instant at = EventTimes.at(e, clock.instant());
        AttachedRepositories.of(h, ChannelMemberRepository.class).set(e.teamId(), inc.get().channelId(), user, true, at);
        capture.participantJoined(h, inc.get(), user, at);
    }

    /** Someone left (or was removed from) an incident channel: they stay a participant, but lose sight. */
    void left(Handle h, InboxEvent<MemberLeftChannelEvent> e) {
        String user = e.event().getUser();
        if (user == null || isTheBot(e, user)) {
            return;
        }
        Optional<Incident> inc = IncidentChannels.find(h, e.teamId(), e.event().getChannel());
        if (inc.isEmpty()) {
            return;
        }
        AttachedRepositories.of(h, ChannelMemberRepository.class).set(e.teamId(), inc.get().channelId(), user, false,
                EventTimes.at(e, clock.instant()));
    }

    /** The envelope names the bot user the event was delivered to. */
    private static boolean isTheBot(InboxEvent<?> e, String user) {
        if (e.envelope() == null) {
            return false;
        }
        for (JsonNode a : e.envelope().path("authorizations")) {
            if (a.path("is_bot").asBoolean(false) && user.equals(SlackMessages.text(a, "user_id"))) {
                return true;
            }
        }
        return false;
    }
}
