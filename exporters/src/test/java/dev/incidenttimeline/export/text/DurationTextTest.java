package dev.incidenttimeline.export.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void hoursAndMinutes_readLikeOneHTwentyThreeM() {
        assertThat(DurationText.format(Duration.ofMinutes(83))).isEqualTo("1h 23m");
    }

    @Test
    void zeroUnits_areLeftOut() {
        assertThat(DurationText.format(Duration.ofHours(2))).isEqualTo("2h");
        assertThat(DurationText.format(Duration.ofDays(1).plusMinutes(5))).isEqualTo("1d 5m");
        assertThat(DurationText.format(Duration.ofMinutes(7).plusSeconds(59))).isEqualTo("7m");
    }

    @Test
    void underAMinute_showsSeconds() {
        assertThat(DurationText.format(Duration.ofSeconds(45))).isEqualTo("45s");
        assertThat(DurationText.format(Duration.ZERO)).isEqualTo("0s");
    }

    @Test
    void negativeAndNull() {
        assertThat(DurationText.format(Duration.ofMinutes(-5))).isEqualTo("-5m");
        assertThat(DurationText.format(null)).isNull();
    }
}
