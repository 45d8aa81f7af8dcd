package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.queue.TryAgain;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * Which incident a channel belongs to, and the locks capture writes take. Every write about
 * a message first takes that message's lock (an advisory transaction lock), so a tag, an
 * edit and a delete of one message are applied one after the other on any replica, while
 * other messages of the same busy channel go on in parallel. Locks are taken only after
 * any Slack call, so no lock waits on the network, and each transaction takes one message
 * lock at most, so they cannot deadlock.
 */
final class IncidentChannels {
    private IncidentChannels() {
    }

    /** The incident whose channel this is; empty for any other channel (nothing is captured there). */
    static Optional<Incident> find(Handle h, String teamId, String channelId) {
        if (teamId == null || channelId == null) {
            return Optional.empty();
        }
        return AttachedRepositories.of(h, IncidentRepository.class).findByChannel(teamId, channelId);
    }

    /**
     * Locks one message for the rest of the transaction and keeps its incident from being
     * deleted meanwhile; false when the incident no longer exists.
     */
    static boolean lockMessage(Handle h, Incident inc, String channelId, String ts) {
        AttachedRepositories.of(h, MessageCacheRepository.class).lockMessage(inc.teamId(), channelId, ts);
        return exists(h, inc);
    }

    /**
     * The incident whose channel this is, with one of its messages locked for the rest of the
     * transaction and the incident kept from being deleted meanwhile, in one statement; empty
     * for any other channel. For the inbox worker, which processes a batch of events in one
     * transaction: it does not wait for a lock another batch holds (two batches locking two
     * messages in opposite orders would deadlock) but throws {@link TryAgain}, and the event is
     * processed again in a later batch.
     */
    static Optional<Incident> lockMessageInBatch(Handle h, String teamId, String channelId, String ts) {
        if (teamId == null || channelId == null) {
            return Optional.empty();
        }
        Optional<IncidentRepository.MessageLock> lock = AttachedRepositories.of(h, IncidentRepository.class)
                .findByChannelLockingMessage(teamId, channelId, ts);
        if (lock.isPresent() && !lock.get().locked()) {
            throw new TryAgain("message " + channelId + " " + ts + " is being captured by another worker");
        }
        return lock.map(IncidentRepository.MessageLock::incident);
    }

    /** Keeps the incident from being deleted for the rest of the transaction; false when it is gone. */
    static boolean exists(Handle h, Incident inc) {
        return AttachedRepositories.of(h, IncidentRepository.class).keyShare(inc.teamId(), inc.number()).isPresent();
    }
}
