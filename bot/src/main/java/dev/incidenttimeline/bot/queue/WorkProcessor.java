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
}
