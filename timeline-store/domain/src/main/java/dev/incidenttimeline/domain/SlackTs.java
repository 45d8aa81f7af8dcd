package dev.incidenttimeline.domain;

import java.math.BigDecimal;
import java.time.Instant;

/** Slack message timestamps ({@code "1763370000.000100"}) are ids that also carry the time. */
public final class SlackTs {
    private SlackTs() {
    }

    public static Instant toInstant(String ts) {
        if (ts == null || !ts.matches("[0-9]{1,12}(\\.[0-9]{1,9})?")) {
            throw new IllegalArgumentException("not a Slack timestamp: " + ts);
        }
        BigDecimal seconds = new BigDecimal(ts);
        long whole = seconds.longValue();
        long micros = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(6).longValue();
        return Instant.ofEpochSecond(whole, micros * 1000);
    }

    /** Orders two timestamps by time (they are decimal strings of differing lengths). */
    public static int compare(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b));
    }
}
