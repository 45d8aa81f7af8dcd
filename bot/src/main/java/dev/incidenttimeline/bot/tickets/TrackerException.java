package dev.incidenttimeline.bot.tickets;

import dev.incidenttimeline.bot.queue.RetryableFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * A tracker call that failed: down, refused or rate limited. Retryable when trying again can
 * help (a 5xx, a 429, no answer); a 429's {@code Retry-After} says when. The message names the
 * call and the status, never a token.
 */
public final class TrackerException extends RuntimeException implements RetryableFailure {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final boolean retryable;
    private final transient Optional<Duration> retryAfter;

    public TrackerException(String message, int status, boolean retryable, Optional<Duration> retryAfter) {
        super(message);
        this.status = status;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    /** The HTTP status (0: no answer). */
    public int status() {
        return status;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
