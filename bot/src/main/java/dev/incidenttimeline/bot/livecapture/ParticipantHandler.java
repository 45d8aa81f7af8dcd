package dev.incidenttimeline.bot.livecapture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.slack.InboxEvent;
import dev.incidenttimeline.domain.Incident;
import java.time.Clock;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Someone joining an incident channel becomes a participant (the bot itself does not). */
final class ParticipantHandler {
    private final TimelineCapture capture;
    private final Clock clock;

    ParticipantHandler(TimelineCapture capture, Clock clock) {
        this.capture = capture;
        this.clock = clock;
    }

    void joined(Handle h, InboxEvent e) {
        String user = e.text("user");
        if (user == null || isTheBot(e, user)) {
            return;
        }
        Optional<Incident> inc = IncidentChannels.find(h, e.teamId(), e.text("channel"));
        if (inc.isEmpty() || !IncidentChannels.exists(h, inc.get())) {
            return;
        }
        capture.participantJoined(h, inc.get(), user, EventTimes.at(e, clock.instant()));
    }

    /** The envelope names the bot user the event was delivered to. */
    private static boolean isTheBot(InboxEvent e, String user) {
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
