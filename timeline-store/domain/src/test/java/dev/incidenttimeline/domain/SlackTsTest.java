package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlackTsTest {

    @Test
    void toInstant_keepsTheMicroseconds() {
        assertThat(SlackTs.toInstant("1794819600.000100")).isEqualTo(Instant.parse("2026-11-16T09:00:00.000100Z"));
        assertThat(SlackTs.toInstant("1794819600.123456")).isEqualTo(Instant.parse("2026-11-16T09:00:00.123456Z"));
    }

    @Test
    void toInstant_acceptsWholeSecondsAndShortFractions() {
        assertThat(SlackTs.toInstant("1794819600")).isEqualTo(Instant.parse("2026-11-16T09:00:00Z"));
        assertThat(SlackTs.toInstant("1794819600.5")).isEqualTo(Instant.parse("2026-11-16T09:00:00.500Z"));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "abc", "-1.0", "1794819600.", ".5", "1794819600.000100 ", "1e9", "1794819600,000100"})
    void toInstant_refusesWhatIsNotATimestamp(String ts) {
        assertThatThrownBy(() -> SlackTs.toInstant(ts))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a Slack timestamp");
    }

    @Test
    void compare_ordersByTime_notByText() {
        assertThat(SlackTs.compare("999999999.000100", "1000000000.000100")).isNegative();
        assertThat(SlackTs.compare("1794819600.000200", "1794819600.000100")).isPositive();
        assertThat(SlackTs.compare("1794819600.1", "1794819600.100000")).isZero();
    }
}
