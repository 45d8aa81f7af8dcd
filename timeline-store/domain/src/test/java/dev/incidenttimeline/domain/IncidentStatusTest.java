package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentStatusTest {

    @ParameterizedTest
    @CsvSource({"investigating,INVESTIGATING", "Identified,IDENTIFIED", "MONITORING,MONITORING", "' resolved ',RESOLVED"})
    void parse_acceptsTheWordInAnyCase(String text, IncidentStatus expected) {
        assertThat(IncidentStatus.parse(text)).contains(expected);
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "closed", "resolve", "open", "in progress"})
    void parse_refusesOtherWords(String text) {
        assertThat(IncidentStatus.parse(text)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(IncidentStatus.class)
    void code_roundTrips(IncidentStatus status) {
        assertThat(status.code()).isLowerCase();
        assertThat(IncidentStatus.fromCode(status.code())).isEqualTo(status);
    }

    @Test
    void onlyResolved_isClosed() {
        assertThat(IncidentStatus.INVESTIGATING.isOpen()).isTrue();
        assertThat(IncidentStatus.IDENTIFIED.isOpen()).isTrue();
        assertThat(IncidentStatus.MONITORING.isOpen()).isTrue();
        assertThat(IncidentStatus.RESOLVED.isOpen()).isFalse();
    }

    @Test
    void fromCode_ofAnUnknownWord_namesIt() {
        assertThatThrownBy(() -> IncidentStatus.fromCode("closed"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closed");
    }
}
