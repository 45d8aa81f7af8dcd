package dev.incidenttimeline.bot.queue;

import dev.incidenttimeline.store.QueuedWork;
import org.jdbi.v3.core.Handle;

/**
 * Does one claimed piece of work inside the claiming transaction: database writes made
 * through {@code h} commit together with marking the work done, or not at all.
 */
@FunctionalInterface
public interface WorkProcessor {
    void process(Handle h, QueuedWork work) throws Exception;

    /**
     * Called in the transaction that parks the work (it failed for good, or too often), after
     * it is marked parked: the place to tell whoever is waiting for it. It may run again when
     * recording the outcome is retried, so what it queues must carry a dedupe key. A failure
     * here is logged and does not undo the parking. {@code attempts} counts the last one.
     */
    default void parked(Handle h, QueuedWork work, int attempts, String error) throws Exception {
    }
}
