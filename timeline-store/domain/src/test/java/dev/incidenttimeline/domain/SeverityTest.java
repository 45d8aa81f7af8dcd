package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class SeverityTest {

    @ParameterizedTest
    @CsvSource({"1,SEV1", "2,SEV2", "sev3,SEV3", "SEV4,SEV4", "Sev2,SEV2", "' sev1 ',SEV1"})
    void parse_acceptsTheLevelOrTheSevWord(String text, Severity expected) {
        assertThat(Severity.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "0", "5", "sev0", "sev5", "sev", "sev 2", "severity2", "12", "high", "s2", "sev22"})
    void parse_refusesAnythingElse(String text) {
        assertThat(Severity.parse(text)).isEmpty();
    }

    @Test
    void levels_runFromOneForTheWorst_toFour() {
        assertThat(Severity.SEV1.level()).isEqualTo(1);
        assertThat(Severity.SEV4.level()).isEqualTo(4);
        assertThat(Severity.ofLevel(3)).isEqualTo(Severity.SEV3);
        assertThat(Severity.SEV2.label()).isEqualTo("SEV2");
    }

    @Test
    void ofLevel_outsideOneToFour_isRefused() {
        assertThatThrownBy(() -> Severity.ofLevel(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 4");
        assertThatThrownBy(() -> Severity.ofLevel(5)).isInstanceOf(IllegalArgumentException.class);
    }
}
