package dev.incidenttimeline.domain;

import java.util.Locale;

/** How an entry reached the timeline. */
public enum EntrySource {
    REACTION, COMMAND, SYSTEM, IMPORT;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntrySource fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
