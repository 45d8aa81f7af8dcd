package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A key moment of an incident as a person set it ({@code /incident detected 09:22}). Every
 * setting is kept; the latest one set wins.
 */
public record KeyMoment(long incidentNumber, long id, Moment moment, Instant at, String setBy, Instant setAt) {

    public KeyMoment {
        Objects.requireNonNull(moment, "moment");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(setBy, "setBy");
        Objects.requireNonNull(setAt, "setAt");
    }

    /** The moments a person can set. */
    public enum Moment {
        STARTED, DETECTED, MITIGATED, RESOLVED;

        /** {@code started} …, as stored. */
        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** {@code Started} …. */
        public String label() {
            return name().charAt(0) + code().substring(1);
        }

        public static Moment fromCode(String code) {
            return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown key moment: " + code));
        }

        public static Optional<Moment> parse(String word) {
            for (Moment m : values()) {
                if (m.code().equalsIgnoreCase(word)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }
}
