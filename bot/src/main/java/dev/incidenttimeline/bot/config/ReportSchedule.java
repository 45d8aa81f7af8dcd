package dev.incidenttimeline.bot.config;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** When the weekly report is posted: a day of the week and a local time ({@code MON 09:00}). */
public record ReportSchedule(DayOfWeek day, LocalTime time) {

    public static ReportSchedule parse(String text) {
        String[] parts = text.strip().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("must be a weekday and a time such as MON 09:00, not '" + text + "'");
        }
        DayOfWeek day = null;
        String d = parts[0].toUpperCase(Locale.ROOT);
        for (DayOfWeek w : DayOfWeek.values()) {
            if (w.name().equals(d) || w.name().substring(0, 3).equals(d)) {
                day = w;
            }
        }
        if (day == null) {
            throw new IllegalArgumentException("has no weekday MON…SUN in '" + text + "'; expected e.g. MON 09:00");
        }
        try {
            return new ReportSchedule(day, LocalTime.parse(parts[1].length() == 4 ? "0" + parts[1] : parts[1]));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("has no time HH:MM in '" + text + "'; expected e.g. MON 09:00");
        }
    }

    @Override
    public String toString() {
        return day.name().substring(0, 3) + " " + time;
    }
}
