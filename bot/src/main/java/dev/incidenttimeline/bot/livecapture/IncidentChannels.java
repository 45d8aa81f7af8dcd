package dev.incidenttimeline.bot.livecapture;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.IncidentRepository;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Which incident a channel belongs to, and the per-incident lock every capture write takes
 * first. Taking the incident row before anything else gives every capture transaction (live
 * events on any replica, reconciliation) the same lock order, so they queue instead of
 * deadlocking; and it is taken only after any Slack call, so no lock waits on the network.
 */
final class IncidentChannels {
    private IncidentChannels() {
    }

    /** The incident whose channel this is; empty for any other channel (nothing is captured there). */
    static Optional<Incident> find(Handle h, String teamId, String channelId) {
        if (teamId == null || channelId == null) {
            return Optional.empty();
        }
        return h.attach(IncidentRepository.class).findByChannel(teamId, channelId);
    }

    /** Locks the incident for the rest of the transaction; false when it no longer exists. */
    static boolean lock(Handle h, Incident inc) {
        return h.attach(IncidentRepository.class).lock(inc.teamId(), inc.number()).isPresent();
    }
}
