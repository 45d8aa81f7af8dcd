package dev.incidenttimeline.export.report;

import dev.incidenttimeline.export.text.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How the report writes durations, dates and times: fixed English forms, so output never depends on the JVM locale. */
final class ReportFormat {
    static final String NONE = "–";

    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter DAY_MONTH_YEAR = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.ENGLISH);
    private static final DateTimeFormatter DAY_MONTH = DateTimeFormatter.ofPattern("d MMMM", Locale.ENGLISH);

    private ReportFormat() {
    }

    /** {@code 2h 10m}: the same form as the retro, via {@link DurationText}. */
    static String duration(Duration d) {
        return DurationText.format(d);
    }

    /** The precision {@link #duration} shows: seconds under a minute, else whole minutes (rounded down). */
    static Duration shown(Duration d) {
        return d.getSeconds() < 60 ? Duration.ofSeconds(d.getSeconds()) : Duration.ofMinutes(d.toMinutes());
    }

    /** {@code 2026-11-16 14:05} in {@code zone}. */
    static String dateTime(Instant instant, ZoneId zone) {
        return DATE_TIME.format(instant.atZone(zone));
    }

    /** {@code 2026-11-16}. */
    static String date(LocalDate date) {
        return DATE.format(date);
    }

    /** {@code 16–22 November 2026}, {@code 30 November – 6 December 2026}, {@code 28 December 2026 – 3 January 2027}. */
    static String dayRange(LocalDate first, LocalDate last) {
        if (first.getYear() != last.getYear()) {
            return DAY_MONTH_YEAR.format(first) + " – " + DAY_MONTH_YEAR.format(last);
        }
        if (first.getMonth() != last.getMonth()) {
            return DAY_MONTH.format(first) + " – " + DAY_MONTH_YEAR.format(last);
        }
        return first.getDayOfMonth() + "–" + DAY_MONTH_YEAR.format(last);
    }

    /** {@code 1 day}, {@code 12 days}. */
    static String days(long n) {
        return n == 1 ? "1 day" : n + " days";
    }

    /** {@code 1 private incident}, {@code 2 private incidents}. */
    static String privateIncidents(long n) {
        return n == 1 ? "1 private incident" : n + " private incidents";
    }
}
