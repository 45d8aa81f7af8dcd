package dev.incidenttimeline.bot.queue;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * When to try a failed piece of work again, and when to stop: one rule for the queues, the
 * declare flow and reconciliation. The wait after the n-th failure is {@code base × 2^(n-1)}
 * plus up to a quarter of that at random (so replicas that failed together do not retry
 * together), never more than {@code cap}. A {@code Retry-After} from Slack replaces the
 * computed wait; one longer than {@code cap} is either waited out only up to the cap or is
 * a reason to give up for now, as the caller chooses ({@link LongRetryAfter}). Failures that
 * retrying cannot help, and the {@code maxAttempts}-th failure, end the retries.
 */
public final class RetryPolicy {
    /** What to do with a {@code Retry-After} longer than the cap. */
    public enum LongRetryAfter {
        /** Wait the cap, then try (the server's wait is cut short). */
        WAIT_CAP,
        /** Do not wait in place: give up now, a later run tries again. */
        GIVE_UP,
        /** Wait what the server asked, however long (the wait is a scheduled time, not a sleep). */
        HONOUR
    }

    /** The inbox and outbox workers: 1 s, doubling, at most 5 min; {@code Retry-After} honoured in full. */
    public static final RetryPolicy QUEUE = new RetryPolicy(Duration.ofSeconds(1), Duration.ofMinutes(5),
            Integer.MAX_VALUE, LongRetryAfter.HONOUR, RetryPolicy::randomJitter);

    private final Duration base;
    private final Duration cap;
    private final int maxAttempts;
    private final LongRetryAfter longRetryAfter;
    private final LongUnaryOperator jitter;

    private RetryPolicy(Duration base, Duration cap, int maxAttempts, LongRetryAfter longRetryAfter,
            LongUnaryOperator jitter) {
        if (base.isNegative() || base.isZero() || cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("need 0 < base <= cap, got base " + base + ", cap " + cap);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        this.base = base;
        this.cap = cap;
        this.maxAttempts = maxAttempts;
        this.longRetryAfter = Objects.requireNonNull(longRetryAfter, "longRetryAfter");
        this.jitter = jitter;
    }

    /**
     * A policy that gives up at the {@code maxAttempts}-th failure (the first try counts).
     *
     * @param longRetryAfter what a {@code Retry-After} beyond {@code cap} means
     */
    public static RetryPolicy exponential(Duration base, Duration cap, int maxAttempts, LongRetryAfter longRetryAfter) {
        return new RetryPolicy(base, cap, maxAttempts, longRetryAfter, RetryPolicy::randomJitter);
    }

    /** The same policy with the random part chosen by {@code jitter} (given the bound, inclusive): for tests. */
    public RetryPolicy withJitter(LongUnaryOperator jitter) {
        return new RetryPolicy(base, cap, maxAttempts, longRetryAfter, jitter);
    }

    public int maxAttempts() {
        return maxAttempts;
    }

    /** The computed wait after the {@code failures}-th failure (1 for the first), capped. */
    public Duration delay(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures start at 1, got " + failures);
        }
        long baseMillis = base.toMillis();
        int shift = Math.min(failures - 1, 40);
        long grown = shift >= 62 || baseMillis > (Long.MAX_VALUE >> shift) ? Long.MAX_VALUE : baseMillis << shift;
        long capMillis = cap.toMillis();
        if (grown >= capMillis) {
            return cap;
        }
        long extra = Math.max(0, jitter.applyAsLong(grown / 4));
        return Duration.ofMillis(Math.min(grown + Math.min(extra, grown / 4), capMillis));
    }

    /** The wait after the {@code failures}-th failure: Slack's {@code Retry-After} when it gave one. */
    public Duration delay(int failures, Optional<Duration> retryAfter) {
        if (retryAfter.isEmpty()) {
            return delay(failures);
        }
        Duration asked = retryAfter.get().isNegative() ? Duration.ZERO : retryAfter.get();
        return longRetryAfter == LongRetryAfter.HONOUR || asked.compareTo(cap) <= 0 ? asked : cap;
    }

    /**
     * The wait before trying again after the {@code failures}-th failure, or empty to give up:
     * the failure cannot be helped by retrying, the attempts are used up, or Slack asked for a
     * longer wait than this policy waits in place.
     */
    public Optional<Duration> next(int failures, boolean retryable, Optional<Duration> retryAfter) {
        if (!retryable || failures >= maxAttempts) {
            return Optional.empty();
        }
        if (longRetryAfter == LongRetryAfter.GIVE_UP && retryAfter.isPresent()
                && retryAfter.get().compareTo(cap) > 0) {
            return Optional.empty();
        }
        return Optional.of(delay(failures, retryAfter));
    }

    /** As {@link #next(int, boolean, Optional)} for a failure that says whether it may be retried. */
    public Optional<Duration> next(int failures, RetryableFailure failure) {
        return next(failures, failure.retryable(), failure.retryAfter());
    }

    private static long randomJitter(long bound) {
        return bound <= 0 ? 0 : ThreadLocalRandom.current().nextLong(bound + 1);
    }

    @Override
    public String toString() {
        return "RetryPolicy[base=" + base + ", cap=" + cap + ", maxAttempts=" + maxAttempts + ", long Retry-After: "
                + longRetryAfter + "]";
    }
}
