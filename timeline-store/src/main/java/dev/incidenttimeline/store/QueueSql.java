package dev.incidenttimeline.store;

/** SQL shared by the two work queues, the event inbox and the Slack-call outbox. */
final class QueueSql {
    /**
     * When a row is due. Work never tried yet is due at once, whatever the caller's clock
     * says (it was stored with the database's time); a retry waits for
     * {@code next_attempt_at}, which the worker set from its own clock. Claiming and
     * {@code hasDue} must agree, or draining would stop early or never.
     */
    static final String DUE = "status = 'pending' AND (attempts = 0 OR next_attempt_at <= :now)";

    /**
     * When an inbox row may be claimed: due, and not set aside while its worker fetches what
     * it needs from Slack with no transaction open ({@code next_attempt_at} pushed past both
     * clocks for that while, see {@link InboxRepository#setAsideForFetch}). Such a row still
     * counts as due for {@code hasDue}: it is work in progress, as a claimed row is.
     */
    static final String CLAIMABLE = DUE + " AND next_attempt_at <= GREATEST(:now, now())";

    private QueueSql() {
    }
}
