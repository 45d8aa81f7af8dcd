package dev.incidenttimeline.export.text;

import java.time.Duration;

/**
 * Durations as people read them in a retro or a report: {@code 1h 23m}, {@code 2d 4h},
 * {@code 45s}. Whole units only, largest first, zero units left out; seconds are shown
 * only under a minute.
 */
public final class DurationText {

    private DurationText() {
    }

    /** {@code 1h 23m}; {@code null} gives {@code null}; a negative duration gets a leading {@code -}. */
    public static String format(Duration duration) {
        if (duration == null) {
            return null;
        }
        if (duration.isNegative()) {
            return "-" + format(duration.negated());
        }
        long seconds = duration.getSeconds();
        if (seconds < 60) {
            return seconds + "s";
        }
        long days = seconds / 86_400;
        long hours = seconds % 86_400 / 3_600;
        long minutes = seconds % 3_600 / 60;
        StringBuilder sb = new StringBuilder();
        if (days > 0) {
            sb.append(days).append('d');
        }
        if (hours > 0) {
            sb.append(sb.length() > 0 ? " " : "").append(hours).append('h');
        }
        if (minutes > 0) {
            sb.append(sb.length() > 0 ? " " : "").append(minutes).append('m');
        }
        return sb.toString();
    }
}
