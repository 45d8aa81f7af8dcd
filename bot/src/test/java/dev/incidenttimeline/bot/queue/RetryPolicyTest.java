package dev.incidenttimeline.bot.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.bot.queue.RetryPolicy.LongRetryAfter;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    private static final RetryPolicy NO_JITTER = RetryPolicy.exponential(Duration.ofSeconds(1),
            Duration.ofSeconds(30), 5, LongRetryAfter.GIVE_UP).withJitter(bound -> 0);

    @Test
    void waitDoublesFromTheBase_untilTheCap() {
        assertThat(NO_JITTER.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(NO_JITTER.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(NO_JITTER.delay(4)).isEqualTo(Duration.ofSeconds(8));
        assertThat(NO_JITTER.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(NO_JITTER.delay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(NO_JITTER.delay(1000)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void jitterAddsAtMostAQuarter_andNeverPassesTheCap() {
        RetryPolicy most = NO_JITTER.withJitter(bound -> bound);
        assertThat(most.delay(1)).isEqualTo(Duration.ofMillis(1250));
        assertThat(most.delay(4)).isEqualTo(Duration.ofSeconds(10));
        // 16 s + 4 s would be 20 s; 32 s is over the cap of 30 s.
        assertThat(most.delay(5)).isEqualTo(Duration.ofSeconds(20));
        assertThat(most.delay(6)).isEqualTo(Duration.ofSeconds(30));
        // A jitter source that overshoots is held to the quarter.
        assertThat(NO_JITTER.withJitter(bound -> Long.MAX_VALUE).delay(3)).isEqualTo(Duration.ofSeconds(5));
        for (int i = 0; i < 1000; i++) {
            assertThat(RetryPolicy.QUEUE.delay(3)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(5));
        }
    }

    @Test
    void retryAfter_replacesTheComputedWait() {
        assertThat(NO_JITTER.delay(4, Optional.of(Duration.ofSeconds(3)))).isEqualTo(Duration.ofSeconds(3));
        assertThat(NO_JITTER.next(1, true, Optional.of(Duration.ofSeconds(7)))).contains(Duration.ofSeconds(7));
        assertThat(NO_JITTER.delay(1, Optional.of(Duration.ofSeconds(-5)))).isEqualTo(Duration.ZERO);
    }

    @Test
    void aRetryAfterLongerThanTheCap_isCut_givesUp_orIsHonoured_asThePolicySays() {
        Optional<Duration> tenMinutes = Optional.of(Duration.ofMinutes(10));
        assertThat(NO_JITTER.next(1, true, tenMinutes)).isEmpty();
        RetryPolicy cut = RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(60), 6,
                LongRetryAfter.WAIT_CAP);
        assertThat(cut.next(1, true, tenMinutes)).contains(Duration.ofSeconds(60));
        assertThat(RetryPolicy.QUEUE.next(1, true, tenMinutes)).contains(Duration.ofMinutes(10));
    }

    @Test
    void givesUp_onAFailureRetryingCannotHelp_andAtTheLastAttempt() {
        assertThat(NO_JITTER.next(1, false, Optional.empty())).isEmpty();
        assertThat(NO_JITTER.next(4, true, Optional.empty())).contains(Duration.ofSeconds(8));
        assertThat(NO_JITTER.next(5, true, Optional.empty())).isEmpty();
        RetryableFailure permanent = new RetryableFailure() {
            @Override
            public boolean retryable() {
                return false;
            }

            @Override
            public Optional<Duration> retryAfter() {
                return Optional.of(Duration.ofSeconds(1));
            }
        };
        assertThat(NO_JITTER.next(1, permanent)).isEmpty();
    }

    @Test
    void badSettings_areRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ZERO, Duration.ofSeconds(1), 3,
                LongRetryAfter.GIVE_UP)).hasMessageContaining("0 < base <= cap");
        assertThatThrownBy(() -> RetryPolicy.exponential(Duration.ofSeconds(1), Duration.ofSeconds(1), 0,
                LongRetryAfter.GIVE_UP)).hasMessageContaining("maxAttempts must be at least 1");
        assertThatThrownBy(() -> NO_JITTER.delay(0)).hasMessageContaining("failures start at 1");
    }
}
