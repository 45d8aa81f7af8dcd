package dev.incidenttimeline.bot.queue;

/**
 * Thrown by a {@link WorkProcessor} when the work cannot go on now because another worker's
 * transaction holds what it needs (a message's lock). Rather than wait inside its batch,
 * which could deadlock two batches that lock in opposite orders, the worker rolls the work
 * back to its savepoint and leaves it pending, unchanged and not counted as an attempt; the
 * next claim takes it again, once the other batch has committed.
 */
public final class TryAgain extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TryAgain(String what) {
        super(what, null, false, false);
    }
}
