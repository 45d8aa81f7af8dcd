package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentKeyTest {

    @ParameterizedTest
    @ValueSource(strings = {"INC-42", "inc-42", "Inc-42", "INC42", "42", " INC-42 "})
    void parse_acceptsTheKeyInItsUsualForms(String text) {
        assertThat(IncidentKey.parse(text)).contains(new IncidentKey(42));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "INC-", "INC-0", "0", "INC-042", "-42", "INC--42", "INC 42", "INC-4x", "PRJ-42",
            "INC-1234567890123456789", "42.0", "#42"})
    void parse_refusesBadForms(String text) {
        assertThat(IncidentKey.parse(text)).isEmpty();
    }

    @Test
    void parse_acceptsLargeNumbers_upToEighteenDigits() {
        assertThat(IncidentKey.parse("INC-123456789012345678")).contains(new IncidentKey(123456789012345678L));
    }

    @Test
    void toString_isTheKeyAsShown() {
        assertThat(new IncidentKey(7)).hasToString("INC-7");
        assertThat(IncidentKey.parse("inc-7").orElseThrow()).hasToString("INC-7");
    }

    @Test
    void numbersStartAtOne() {
        assertThatThrownBy(() -> new IncidentKey(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IncidentKey(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
