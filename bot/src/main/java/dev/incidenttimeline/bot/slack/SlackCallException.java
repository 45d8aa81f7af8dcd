package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.bot.queue.RetryableFailure;
import java.time.Duration;
import java.util.Optional;

/**
 * A Slack Web API call that failed: the Slack error code ({@code not_in_channel},
 * {@code ratelimited}, {@code http_503} …), whether trying again can help, and how long
 * Slack asked us to wait ({@code Retry-After}).
 */
public final class SlackCallException extends RuntimeException implements RetryableFailure {
    private final String method;
    private final String error;
    private final boolean retryable;
    private final Duration retryAfter;

    public SlackCallException(String method, String error, boolean retryable, Duration retryAfter, Throwable cause) {
        super(method + " failed: " + error, cause);
        this.method = method;
        this.error = error;
        this.retryable = retryable;
        this.retryAfter = retryAfter;
    }

    public String method() {
        return method;
    }

    public String error() {
        return error;
    }

    @Override
    public boolean retryable() {
        return retryable;
    }

    @Override
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
