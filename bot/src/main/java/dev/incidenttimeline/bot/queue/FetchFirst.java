package dev.incidenttimeline.bot.queue;

import org.jdbi.v3.core.Jdbi;

/**
 * Thrown by a {@link WorkProcessor} inside the claiming transaction when the work needs
 * something read from outside first (a Web API call), which must never run while a
 * transaction is open. The worker rolls the work's writes back to its savepoint, commits the
 * rest of its batch, runs {@link #fetch} with no transaction open, and the work, still
 * pending, is processed again with what the fetch stored. A fetch that fails is the work's
 * failure (retried with backoff, or parked).
 */
public final class FetchFirst extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Reads what the work needs and stores it (in its own short transaction). */
    @FunctionalInterface
    public interface Fetch {
        /** Returns whether the work still has to be processed; false when the fetch found there is nothing to do. */
        boolean run(Jdbi jdbi) throws Exception;
    }

    private final transient Fetch fetch;

    public FetchFirst(String what, Fetch fetch) {
        super(what, null, false, false);
        this.fetch = fetch;
    }

    public Fetch fetch() {
        return fetch;
    }
}
