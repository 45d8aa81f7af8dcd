package dev.incidenttimeline.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * What a follow-up does. Cleanups (putting right what the incident left behind) come before
 * all other work in the weekly review; items are cleanups unless told otherwise.
 */
public enum ActionKind {
    CLEANUP, PREVENT, DETECT, MITIGATE, PROCESS;

    public static final ActionKind DEFAULT = CLEANUP;

    /** The stored and typed word: {@code cleanup}, {@code prevent} … */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionKind fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown action item type: " + code));
    }

    /** The type a word names (case-insensitive), if it names one. */
    public static Optional<ActionKind> parse(String word) {
        for (ActionKind k : values()) {
            if (k.code().equalsIgnoreCase(word)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
