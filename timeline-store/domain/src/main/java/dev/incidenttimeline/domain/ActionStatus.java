package dev.incidenttimeline.domain;

import java.util.Locale;

/** An action item is open until it is done or dropped. */
public enum ActionStatus {
    OPEN, DONE, DROPPED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ActionStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
