package dev.incidenttimeline.domain;

import java.util.Locale;
import java.util.Optional;

/** The lifecycle of an incident, in order. */
public enum IncidentStatus {
    INVESTIGATING, IDENTIFIED, MONITORING, RESOLVED;

    /** The lowercase word users type and the database stores. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isOpen() {
        return this != RESOLVED;
    }

    public static IncidentStatus fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown status: " + code));
    }

    public static Optional<IncidentStatus> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim().toUpperCase(Locale.ROOT);
        for (IncidentStatus s : values()) {
            if (s.name().equals(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
