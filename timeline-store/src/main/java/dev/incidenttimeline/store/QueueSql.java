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

    private QueueSql() {
    }
}
