package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.Incident;
import java.util.Objects;
import java.util.Set;

/**
 * Someone looking at incidents ({@code /incident list}, App Home, reports), as
 * {@link VisibilityPolicy} decides: a private incident is shown only to the current members
 * of its channel; everyone else sees only that there are private incidents.
 *
 * @param memberOf the channels the viewer is in now
 */
public record IncidentViewer(String userId, Set<String> memberOf) {
    public IncidentViewer {
        Objects.requireNonNull(userId, "userId");
        memberOf = Set.copyOf(memberOf);
    }

    public boolean canSee(Incident i) {
        return !i.isPrivate() || (i.channelId() != null && memberOf.contains(i.channelId()));
    }
}
