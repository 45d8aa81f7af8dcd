package dev.incidenttimeline.bot.queue;

import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.EffectRepository;
import dev.incidenttimeline.store.InboxRepository;
import dev.incidenttimeline.store.QueuedWork;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** A table of pending work that workers on any replica claim with {@code FOR UPDATE SKIP LOCKED}. */
public interface WorkQueue {
    String name();

    Optional<QueuedWork> claimNext(Handle h, Instant now);

    /** Claims up to {@code limit} due pieces of work for one transaction; by default one at a time. */
    default List<QueuedWork> claimBatch(Handle h, Instant now, int limit) {
        return claimNext(h, now).map(List::of).orElse(List.of());
    }

    /** Whether work is due, including work claimed by a transaction that has not finished. */
    boolean hasDue(Handle h, Instant now);

    void markDone(Handle h, QueuedWork w, Instant now);

    /**
     * Keeps claimed work from being claimed again for {@code seconds} while its worker fetches
     * what it needs with no transaction open ({@link FetchFirst}); by default nothing.
     */
    default void setAsideForFetch(Handle h, QueuedWork w, Instant now, int seconds) {
    }

    /** Makes work set aside for a fetch claimable again at once. */
    default void fetchDone(Handle h, QueuedWork w, Instant now) {
    }

    /**
     * Puts claimed work that waits for other work ({@link TryAgain}) behind what is queued so
     * far, still due, so that what it waits for is claimed first; by default nothing.
     */
    default void requeue(Handle h, List<QueuedWork> waiting, Instant now) {
    }

    /** Marks several pieces of work done; by default one statement each. */
    default void markDone(Handle h, List<QueuedWork> done, Instant now) {
        done.forEach(w -> markDone(h, w, now));
    }

    void markFailed(Handle h, QueuedWork w, String error, Instant nextAttempt, boolean park);

    /**
     * Whether work is claimed with a lease and processed with no transaction open (claim,
     * call, complete), instead of inside the claiming transaction: for Slack calls.
     */
    default boolean leased() {
        return false;
    }

    /** Leases up to {@code limit} due pieces of work to {@code worker} until {@code leaseUntil}, in the order to run them. */
    default List<QueuedWork> claimLeased(Handle h, Instant now, String worker, Instant leaseUntil, int limit) {
        throw new UnsupportedOperationException(name() + " is not leased");
    }

    /** Gives back leased work that was not run, claimable again at once. */
    default void release(Handle h, List<QueuedWork> unrun) {
        throw new UnsupportedOperationException(name() + " is not leased");
    }

    /** The workspaces of several pieces of work, paired by position with {@link #keys}, for one statement. */
    private static String[] teamIds(List<QueuedWork> work) {
        return work.stream().map(QueuedWork::teamId).toArray(String[]::new);
    }

    private static String[] keys(List<QueuedWork> work) {
        return work.stream().map(QueuedWork::key).toArray(String[]::new);
    }

    /** The Slack event inbox. */
    static WorkQueue inbox() {
        return new WorkQueue() {
            @Override
            public String name() {
                return "event";
            }

            @Override
            public Optional<QueuedWork> claimNext(Handle h, Instant now) {
                return AttachedRepositories.of(h, InboxRepository.class).claimNext(now);
            }

            @Override
            public List<QueuedWork> claimBatch(Handle h, Instant now, int limit) {
                return AttachedRepositories.of(h, InboxRepository.class).claimBatch(now, limit);
            }

            @Override
            public void setAsideForFetch(Handle h, QueuedWork w, Instant now, int seconds) {
                AttachedRepositories.of(h, InboxRepository.class).setAsideForFetch(w.teamId(), w.key(), now, seconds);
            }

            @Override
            public void fetchDone(Handle h, QueuedWork w, Instant now) {
                AttachedRepositories.of(h, InboxRepository.class).fetchDone(w.teamId(), w.key(), now);
            }

            @Override
            public void markDone(Handle h, List<QueuedWork> done, Instant now) {
                if (done.isEmpty()) {
                    return;
                }
                AttachedRepositories.of(h, InboxRepository.class).markAllDone(teamIds(done), keys(done), now);
            }

            @Override
            public void requeue(Handle h, List<QueuedWork> waiting, Instant now) {
                if (!waiting.isEmpty()) {
                    AttachedRepositories.of(h, InboxRepository.class).requeueAll(teamIds(waiting), keys(waiting), now);
                }
            }

            @Override
            public boolean hasDue(Handle h, Instant now) {
                return AttachedRepositories.of(h, InboxRepository.class).hasDue(now);
            }

            @Override
            public void markDone(Handle h, QueuedWork w, Instant now) {
                AttachedRepositories.of(h, InboxRepository.class).markDone(w.teamId(), w.key(), now);
            }

            @Override
            public void markFailed(Handle h, QueuedWork w, String error, Instant next, boolean park) {
                AttachedRepositories.of(h, InboxRepository.class).markFailed(w.teamId(), w.key(), error, next, park);
            }
        };
    }

    /** The outbox of Slack Web API calls. */
    static WorkQueue effects() {
        return new WorkQueue() {
            @Override
            public String name() {
                return "slack-call";
            }

            @Override
            public Optional<QueuedWork> claimNext(Handle h, Instant now) {
                return AttachedRepositories.of(h, EffectRepository.class).claimNext(now);
            }

            @Override
            public boolean leased() {
                return true;
            }

            @Override
            public List<QueuedWork> claimLeased(Handle h, Instant now, String worker, Instant leaseUntil, int limit) {
                EffectRepository effects = AttachedRepositories.of(h, EffectRepository.class);
                effects.settleSuperseded(now);
                return effects.claimLeased(now, worker, leaseUntil, limit);
            }

            @Override
            public void release(Handle h, List<QueuedWork> unrun) {
                if (!unrun.isEmpty()) {
                    AttachedRepositories.of(h, EffectRepository.class).release(teamIds(unrun), keys(unrun));
                }
            }

            @Override
            public boolean hasDue(Handle h, Instant now) {
                return AttachedRepositories.of(h, EffectRepository.class).hasDue(now);
            }

            @Override
            public void markDone(Handle h, QueuedWork w, Instant now) {
                AttachedRepositories.of(h, EffectRepository.class).markDone(w.teamId(), w.key(), now);
            }

            @Override
            public void markFailed(Handle h, QueuedWork w, String error, Instant next, boolean park) {
                AttachedRepositories.of(h, EffectRepository.class).markFailed(w.teamId(), w.key(), error, next, park);
            }
        };
    }
}
