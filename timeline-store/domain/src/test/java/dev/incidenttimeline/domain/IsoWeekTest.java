package dev.incidenttimeline.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IsoWeekTest {
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

    private static Instant newYork(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(NEW_YORK).toInstant();
    }

    @Test
    void parse_readsYearAndWeek_andPrintsTheSameForm() {
        IsoWeek w = IsoWeek.parse("2026-W47");
        assertThat(w.year()).isEqualTo(2026);
        assertThat(w.week()).isEqualTo(47);
        assertThat(w).hasToString("2026-W47");
        assertThat(w.monday()).isEqualTo(LocalDate.of(2026, 11, 16));
        assertThat(w.sunday()).isEqualTo(LocalDate.of(2026, 11, 22));
    }

    @Test
    void parse_acceptsLowercaseAndSurroundingSpace() {
        assertThat(IsoWeek.parse(" 2026-w05 ")).isEqualTo(new IsoWeek(2026, 5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-47", "2026W47", "2026-W7", "26-W47", "2026-W047", "W47", "", "2026-W4x", "next week"})
    void parse_rejectsOtherForms_namingTheRightOne(String text) {
        assertThatThrownBy(() -> IsoWeek.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-W47");
    }

    @Test
    void parse_rejectsNull() {
        assertThatThrownBy(() -> IsoWeek.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-W47");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-W54", "2026-W00", "2025-W53", "0000-W01"})
    void parse_rejectsWeeksThatDoNotExist(String text) {
        assertThatThrownBy(() -> IsoWeek.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no such ISO week")
                .hasMessageContaining("2026-W47");
    }

    @Test
    void weekOutOfRange_explainsHowManyWeeksTheYearHas() {
        assertThatThrownBy(() -> new IsoWeek(2025, 53))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("W01 to W52");
    }

    @Test
    void year2026_has53Weeks_andItsLastWeekRunsIntoJanuary2027() {
        assertThat(IsoWeek.weeksIn(2026)).isEqualTo(53);
        assertThat(IsoWeek.weeksIn(2025)).isEqualTo(52);
        assertThat(IsoWeek.weeksIn(2027)).isEqualTo(52);

        IsoWeek w53 = IsoWeek.parse("2026-W53");
        assertThat(w53.monday()).isEqualTo(LocalDate.of(2026, 12, 28));
        assertThat(w53.sunday()).isEqualTo(LocalDate.of(2027, 1, 3));
        assertThat(w53.next()).isEqualTo(IsoWeek.parse("2027-W01"));
        assertThat(IsoWeek.parse("2027-W01").monday()).isEqualTo(LocalDate.of(2027, 1, 4));
        assertThat(IsoWeek.parse("2027-W01").previous()).isEqualTo(w53);
    }

    @Test
    void of_usesTheWeekBasedYear_notTheCalendarYear() {
        assertThat(IsoWeek.of(LocalDate.of(2027, 1, 1))).hasToString("2026-W53");
        assertThat(IsoWeek.of(LocalDate.of(2027, 1, 3))).hasToString("2026-W53");
        assertThat(IsoWeek.of(LocalDate.of(2027, 1, 4))).hasToString("2027-W01");
        assertThat(IsoWeek.of(LocalDate.of(2024, 12, 30))).hasToString("2025-W01");
        assertThat(IsoWeek.of(LocalDate.of(2026, 11, 22))).hasToString("2026-W47");
        assertThat(IsoWeek.of(LocalDate.of(2026, 11, 23))).hasToString("2026-W48");
    }

    @Test
    void previousAndNext_crossYearEnds() {
        assertThat(IsoWeek.parse("2026-W01").previous()).hasToString("2025-W52");
        assertThat(IsoWeek.parse("2025-W52").next()).hasToString("2026-W01");
        assertThat(IsoWeek.parse("2026-W47").previous()).hasToString("2026-W46");
    }

    @Test
    void startAndEnd_areMondayMidnightLocal() {
        IsoWeek w = IsoWeek.parse("2026-W47");
        assertThat(w.start(NEW_YORK)).isEqualTo(Instant.parse("2026-11-16T05:00:00Z"));
        assertThat(w.end(NEW_YORK)).isEqualTo(Instant.parse("2026-11-23T05:00:00Z"));
        assertThat(w.start(ZoneId.of("UTC"))).isEqualTo(Instant.parse("2026-11-16T00:00:00Z"));
    }

    @Test
    void sundayLateEvening_belongsToThatWeek_mondayJustAfterMidnight_toTheNext() {
        IsoWeek w47 = IsoWeek.parse("2026-W47");
        Instant sundayLate = newYork("2026-11-22T23:30");
        Instant mondayEarly = newYork("2026-11-23T00:10");

        assertThat(w47.contains(sundayLate, NEW_YORK)).isTrue();
        assertThat(w47.contains(mondayEarly, NEW_YORK)).isFalse();
        assertThat(w47.next().contains(mondayEarly, NEW_YORK)).isTrue();
        // In UTC both are already Monday: the zone decides, not UTC.
        assertThat(IsoWeek.containing(sundayLate, ZoneId.of("UTC"))).hasToString("2026-W48");
        assertThat(IsoWeek.containing(sundayLate, NEW_YORK)).hasToString("2026-W47");
        assertThat(w47.contains(w47.start(NEW_YORK), NEW_YORK)).isTrue();
        assertThat(w47.contains(w47.end(NEW_YORK), NEW_YORK)).isFalse();
    }

    @Test
    void weekWithTheEndOfDaylightSaving_lasts169Hours() {
        IsoWeek w = IsoWeek.of(LocalDate.of(2026, 11, 1));
        assertThat(w).hasToString("2026-W44");
        assertThat(Duration.between(w.start(NEW_YORK), w.end(NEW_YORK))).isEqualTo(Duration.ofHours(169));
        assertThat(w.end(NEW_YORK)).isEqualTo(Instant.parse("2026-11-02T05:00:00Z"));
    }

    @Test
    void weekWithTheStartOfDaylightSaving_lasts167Hours() {
        IsoWeek w = IsoWeek.of(LocalDate.of(2026, 3, 8));
        assertThat(Duration.between(w.start(NEW_YORK), w.end(NEW_YORK))).isEqualTo(Duration.ofHours(167));
    }

    @Test
    void ordinaryWeek_lasts168Hours() {
        IsoWeek w = IsoWeek.parse("2026-W47");
        assertThat(Duration.between(w.start(NEW_YORK), w.end(NEW_YORK))).isEqualTo(Duration.ofHours(168));
    }
}
