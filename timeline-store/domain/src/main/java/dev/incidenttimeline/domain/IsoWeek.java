package dev.incidenttimeline.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An ISO-8601 week, {@code 2026-W47}: Monday to Sunday, numbered within its week-based year
 * (which differs from the calendar year around New Year: 2027-01-01 is in {@code 2026-W53}).
 * The weekly incident review covers one such week in the configured zone.
 */
public record IsoWeek(int year, int week) implements Comparable<IsoWeek> {
    private static final Pattern FORM = Pattern.compile("([0-9]{4})-W([0-9]{2})");

    public IsoWeek {
        if (year < 1 || year > 9999) {
            throw new IllegalArgumentException("the year of an ISO week must be 0001 to 9999, not " + year);
        }
        int weeks = weeksIn(year);
        if (week < 1 || week > weeks) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "%04d has ISO weeks W01 to W%02d, not W%02d", year, weeks, week));
        }
    }

    /** Accepts {@code 2026-W47} (also {@code 2026-w47}); anything else is rejected with the right form. */
    public static IsoWeek parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("an ISO week is needed, in the form 2026-W47");
        }
        Matcher m = FORM.matcher(text.trim().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ISO week: '" + text.trim() + "'; use the form 2026-W47");
        }
        int year = Integer.parseInt(m.group(1));
        int week = Integer.parseInt(m.group(2));
        int weeks = year >= 1 ? weeksIn(year) : 0;
        if (year < 1 || week < 1 || week > weeks) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "no such ISO week: '%s'; %04d has weeks W01 to W%02d (form: 2026-W47)",
                    text.trim(), year, weeks));
        }
        return new IsoWeek(year, week);
    }

    /** The week that contains {@code date}. */
    public static IsoWeek of(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return new IsoWeek(date.get(IsoFields.WEEK_BASED_YEAR), date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    /** The week that contains {@code instant} as seen in {@code zone}. */
    public static IsoWeek containing(Instant instant, ZoneId zone) {
        return of(LocalDate.ofInstant(instant, zone));
    }

    /** How many ISO weeks (52 or 53) the week-based year {@code year} has. */
    public static int weeksIn(int year) {
        // 4 January is always in week 1 of its week-based year.
        return (int) IsoFields.WEEK_OF_WEEK_BASED_YEAR.rangeRefinedBy(LocalDate.of(year, 1, 4)).getMaximum();
    }

    public LocalDate monday() {
        return LocalDate.of(year, 1, 4)
                .with(IsoFields.WEEK_OF_WEEK_BASED_YEAR, week)
                .with(DayOfWeek.MONDAY);
    }

    public LocalDate sunday() {
        return monday().plusDays(6);
    }

    /** Monday 00:00 in {@code zone} (or the first instant of that day, should midnight fall in a DST gap). */
    public Instant start(ZoneId zone) {
        return monday().atStartOfDay(zone).toInstant();
    }

    /** Exclusive: the start of the next week, so a week across a DST change lasts 167 or 169 hours. */
    public Instant end(ZoneId zone) {
        return next().start(zone);
    }

    /** Whether {@code instant} falls in {@code [start(zone), end(zone))}. */
    public boolean contains(Instant instant, ZoneId zone) {
        return !instant.isBefore(start(zone)) && instant.isBefore(end(zone));
    }

    public boolean contains(LocalDate date) {
        return !date.isBefore(monday()) && !date.isAfter(sunday());
    }

    public IsoWeek previous() {
        return of(monday().minusWeeks(1));
    }

    public IsoWeek next() {
        return of(monday().plusWeeks(1));
    }

    @Override
    public int compareTo(IsoWeek other) {
        return year != other.year ? Integer.compare(year, other.year) : Integer.compare(week, other.week);
    }

    /** {@code 2026-W47}. */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%04d-W%02d", year, week);
    }
}
