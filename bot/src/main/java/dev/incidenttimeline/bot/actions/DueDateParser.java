package dev.incidenttimeline.bot.actions;

import dev.incidenttimeline.domain.DomainException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Due-date phrases, read relative to "today" in {@code TIMEZONE}: {@code 2026-12-01},
 * {@code today}, {@code tomorrow}, {@code +3d}, {@code +2w}, a weekday ({@code fri},
 * {@code friday}: the next one, never today) and {@code next week} (next Monday).
 */
public final class DueDateParser {
    public static final String FORMS = "2026-12-01, today, tomorrow, +3d, +2w, fri or next week";
    private static final Pattern RELATIVE = Pattern.compile("\\+([0-9]{1,3})([dw])");
    private static final Pattern ISO = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Map<String, DayOfWeek> DAYS = Map.ofEntries(
            Map.entry("mon", DayOfWeek.MONDAY), Map.entry("monday", DayOfWeek.MONDAY),
            Map.entry("tue", DayOfWeek.TUESDAY), Map.entry("tues", DayOfWeek.TUESDAY),
            Map.entry("tuesday", DayOfWeek.TUESDAY),
            Map.entry("wed", DayOfWeek.WEDNESDAY), Map.entry("wednesday", DayOfWeek.WEDNESDAY),
            Map.entry("thu", DayOfWeek.THURSDAY), Map.entry("thur", DayOfWeek.THURSDAY),
            Map.entry("thurs", DayOfWeek.THURSDAY), Map.entry("thursday", DayOfWeek.THURSDAY),
            Map.entry("fri", DayOfWeek.FRIDAY), Map.entry("friday", DayOfWeek.FRIDAY),
            Map.entry("sat", DayOfWeek.SATURDAY), Map.entry("saturday", DayOfWeek.SATURDAY),
            Map.entry("sun", DayOfWeek.SUNDAY), Map.entry("sunday", DayOfWeek.SUNDAY));

    private DueDateParser() {
    }

    /**
     * Reads a phrase as a date.
     *
     * @throws DomainException saying what was wrong and the accepted forms
     */
    public static LocalDate parse(String phrase, LocalDate today) {
        if (phrase == null || phrase.isBlank()) {
            throw new DomainException("a due date is missing after 'due'; use " + FORMS);
        }
        String p = phrase.strip().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (p) {
            case "today":
                return today;
            case "tomorrow":
                return today.plusDays(1);
            case "next week":
                return today.with(TemporalAdjusters.next(DayOfWeek.MONDAY));
            default:
                break;
        }
        Matcher rel = RELATIVE.matcher(p);
        if (rel.matches()) {
            int n = Integer.parseInt(rel.group(1));
            return rel.group(2).equals("d") ? today.plusDays(n) : today.plusWeeks(n);
        }
        DayOfWeek day = DAYS.get(p.startsWith("next ") ? p.substring(5) : p);
        if (day != null) {
            return today.with(TemporalAdjusters.next(day));
        }
        if (ISO.matcher(p).matches()) {
            try {
                return LocalDate.parse(p);
            } catch (DateTimeParseException e) {
                throw new DomainException("'" + phrase.strip() + "' is not a real date; use " + FORMS);
            }
        }
        throw new DomainException("'" + phrase.strip() + "' is not a due date I understand; use " + FORMS);
    }

    /** Like {@link #parse}, refusing dates before today. */
    public static LocalDate parseFuture(String phrase, LocalDate today) {
        LocalDate d = parse(phrase, today);
        if (d.isBefore(today)) {
            throw new DomainException("the due date " + d + " is in the past; use today or a later date ("
                    + FORMS + ")");
        }
        return d;
    }
}
