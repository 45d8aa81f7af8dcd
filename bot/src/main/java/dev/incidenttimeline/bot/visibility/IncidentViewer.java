package dev.incidenttimeline.bot.visibility;

import dev.incidenttimeline.domain.Incident;
import java.util.Objects;
import java.util.Set;

/**
 * Someone looking at incidents ({@code /incident list}, App Home, reports), as
 * {@link VisibilityPolicy} decides: a private incident is shown only to the current members
 * of its channel; everyone else sees only that there are private incidents.
 *
 * <p>Where the bot does not know yet whether the viewer is in the channel (no join or leave
 * seen, no recheck answered), the people the incident names (commander, DRI, declarer) and
 * those who joined it count as members: that is who the bot put or saw in the channel.
 *
 * @param memberOf      the channels the viewer is known to be in now
 * @param notMemberOf   the channels the viewer is known not to be in (left, or removed)
 * @param participantOf numbers of the incidents whose channel the viewer joined at some time
 */
public record IncidentViewer(String userId, Set<String> memberOf, Set<String> notMemberOf, Set<Long> participantOf) {
    public IncidentViewer {
        Objects.requireNonNull(userId, "userId");
        memberOf = Set.copyOf(memberOf);
        notMemberOf = Set.copyOf(notMemberOf);
        participantOf = Set.copyOf(participantOf);
    }

    public boolean canSee(Incident i) {
        if (!i.isPrivate()) {
            return true;
        }
        String channel = i.channelId();
        if (channel != null && memberOf.contains(channel)) {
            return true;
        }
        if (channel != null && notMemberOf.contains(channel)) {
            return false;
        }
        return userId.equals(i.commanderId())
                || userId.equals(i.driId())
                || userId.equals(i.createdBy())
                || participantOf.contains(i.number());
    }
}
