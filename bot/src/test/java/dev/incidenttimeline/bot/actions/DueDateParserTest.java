package dev.incidenttimeline.bot.actions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.DomainException;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DueDateParserTest {
    /** A Sunday. */
    static final LocalDate TODAY = LocalDate.parse("2026-11-22");

    @ParameterizedTest
    @CsvSource({
        "2026-12-01, 2026-12-01",
        "today, 2026-11-22",
        "Tomorrow, 2026-11-23",
        "+3d, 2026-11-25",
        "+2w, 2026-12-06",
        "+0d, 2026-11-22",
        "fri, 2026-11-27",
        "friday, 2026-11-27",
        "next fri, 2026-11-27",
        "sun, 2026-11-29",
        "mon, 2026-11-23",
        "next week, 2026-11-23",
        "'  NEXT   WEEK ', 2026-11-23",
    })
    void readsEveryPhrase(String phrase, String expected) {
        assertThat(DueDateParser.parseFuture(phrase, TODAY)).isEqualTo(LocalDate.parse(expected));
    }

    @Test
    void aWeekdayIsTheNextOne_neverToday() {
        assertThat(DueDateParser.parse("sunday", TODAY)).isEqualTo(LocalDate.parse("2026-11-29"));
    }

    @Test
    void pastDate_isRefusedWithTheRightForm() {
        assertThatThrownBy(() -> DueDateParser.parseFuture("2026-11-21", TODAY))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining("in the past")
                .hasMessageContaining("2026-12-01, today, tomorrow");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "2026-13-01", "2026-02-30", "+3", "+d", "3d", "next month", "26-12-01", "-1d"})
    void nonsense_isRefusedNamingThePhrase(String phrase) {
        assertThatThrownBy(() -> DueDateParser.parse(phrase, TODAY))
                .isInstanceOf(DomainException.class)
                .hasMessageContaining(phrase.strip())
                .hasMessageContaining(DueDateParser.FORMS);
    }

    @Test
    void missingPhrase_saysItIsMissing() {
        assertThatThrownBy(() -> DueDateParser.parse("  ", TODAY)).hasMessageContaining("missing");
    }
}
