package dev.incidenttimeline.bot.queue;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that says whether trying again can help and how long to wait first (a Slack
 * {@code Retry-After}). The worker stays free of any Slack type.
 */
public interface RetryableFailure {
    boolean retryable();

    Optional<Duration> retryAfter();
}
