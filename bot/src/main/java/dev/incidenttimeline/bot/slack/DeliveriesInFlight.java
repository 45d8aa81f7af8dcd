package dev.incidenttimeline.bot.slack;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many Events API deliveries are being stored right now, waiting for their commit
 * before Slack gets its answer. Many at once means a flood (a reconnect's backlog, a large
 * incident's burst of reactions): the workers then step back to one each (see
 * {@code QueueWorker#start}), so that the cores go to answering Slack, whose deliveries time
 * out after 3 seconds, and not to processing what is already safely stored.
 */
public final class DeliveriesInFlight {
    /** From how many deliveries in flight on it is a flood. */
    static final int FLOOD = 8;

    private final AtomicInteger inFlight = new AtomicInteger();

    void enter() {
        inFlight.incrementAndGet();
    }

    void leave() {
        inFlight.decrementAndGet();
    }

    /** Whether deliveries are arriving faster than they are answered one or two at a time. */
    public boolean flooding() {
        return count() >= FLOOD;
    }

    int count() {
        return inFlight.get();
    }
}
