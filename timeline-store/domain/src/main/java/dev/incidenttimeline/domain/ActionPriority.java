package dev.incidenttimeline.domain;

import java.util.Locale;
import java.util.Optional;

/** How urgent a follow-up is: {@code p1} first. Items are {@code p2} unless told otherwise. */
public enum ActionPriority {
    P1, P2, P3;

    public static final ActionPriority DEFAULT = P2;

    /** 1, 2 or 3, as stored. */
    public int level() {
        return ordinal() + 1;
    }

    /** {@code p1}, {@code p2} or {@code p3}, as typed and shown. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionPriority ofLevel(int level) {
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("a priority is 1, 2 or 3, not " + level);
        }
        return values()[level - 1];
    }

    /** The priority a word names ({@code p1}, case-insensitive), if it names one. */
    public static Optional<ActionPriority> parse(String word) {
        for (ActionPriority p : values()) {
            if (p.code().equalsIgnoreCase(word)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
