package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of a retro section written one call at a time: a step of the causal chain, a
 * contributing factor, or a learning (what went well, what went wrong, where we got lucky).
 * Numbered #1, #2 … within its incident and section; a removed one stays stored, flagged.
 */
public record RetroNote(
        long incidentNumber,
        Section section,
        int number,
        Learning category,
        String text,
        String createdBy,
        Instant createdAt,
        Instant removedAt) {

    public RetroNote {
        Objects.requireNonNull(section, "section");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(createdAt, "createdAt");
        if ((section == Section.LEARNING) != (category != null)) {
            throw new IllegalArgumentException("learnings, and only learnings, have a category");
        }
    }

    public boolean isRemoved() {
        return removedAt != null;
    }

    /** Where a note goes in the retro. */
    public enum Section {
        CHAIN, FACTOR, LEARNING;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Section fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }
    }

    /** The three questions of the "How did we do" section (PagerDuty's template). */
    public enum Learning {
        WENT_WELL("went-well", "What went well"),
        WENT_WRONG("went-wrong", "What went wrong"),
        LUCKY("lucky", "Where we got lucky");

        private final String word;
        private final String heading;

        Learning(String word, String heading) {
            this.word = word;
            this.heading = heading;
        }

        /** {@code went-well}, as typed. */
        public String word() {
            return word;
        }

        public String heading() {
            return heading;
        }

        /** {@code went_well}, as stored. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Learning fromCode(String code) {
            return valueOf(code.toUpperCase(Locale.ROOT));
        }

        /** Accepts {@code went-well}, {@code went_well}, {@code wentwell}, {@code well}; case-insensitive. */
        public static java.util.Optional<Learning> parse(String word) {
            String w = word.toLowerCase(Locale.ROOT).replace("_", "-");
            for (Learning l : values()) {
                if (l.word.equals(w) || l.word.replace("-", "").equals(w) || l.word.endsWith("-" + w)) {
                    return java.util.Optional.of(l);
                }
            }
            return java.util.Optional.empty();
        }
    }
}
