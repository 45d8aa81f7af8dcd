package dev.incidenttimeline.domain;

import java.util.Locale;
import java.util.Optional;

/** How bad an incident is: SEV1 is the worst. Stored as its level, 1 to 4. */
public enum Severity {
    SEV1(1), SEV2(2), SEV3(3), SEV4(4);

    private final int level;

    Severity(int level) {
        this.level = level;
    }

    public int level() {
        return level;
    }

    /** {@code SEV2}. */
    public String label() {
        return name();
    }

    public static Severity ofLevel(int level) {
        for (Severity s : values()) {
            if (s.level == level) {
                return s;
            }
        }
        throw new IllegalArgumentException("severity must be 1 to 4, not " + level);
    }

    /** Accepts {@code 2}, {@code sev2} and {@code SEV2}. */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.startsWith("sev")) {
            t = t.substring(3);
        }
        if (t.length() == 1 && t.charAt(0) >= '1' && t.charAt(0) <= '4') {
            return Optional.of(ofLevel(t.charAt(0) - '0'));
        }
        return Optional.empty();
    }
}
