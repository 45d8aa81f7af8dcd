package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.Incident;
import java.util.Objects;
import java.util.Set;

/**
 * Someone looking at incidents outside their channels ({@code /incident list}, App Home).
 * A private incident is shown to its commander, DRI, declarer and the people who joined
 * its channel; everyone else sees only that there are private incidents.
 *
 * @param participantOf numbers of the incidents whose channel the viewer joined
 */
public record IncidentViewer(String userId, Set<Long> participantOf) {
    public IncidentViewer {
        Objects.requireNonNull(userId, "userId");
        participantOf = Set.copyOf(participantOf);
    }

    public boolean canSee(Incident i) {
        return !i.isPrivate()
                || userId.equals(i.commanderId())
                || userId.equals(i.driId())
                || userId.equals(i.createdBy())
                || participantOf.contains(i.number());
    }
}
