package dev.incidenttimeline.domain;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of moment a timeline entry records. A closed set: the tagging emoji map onto
 * the kinds users tag ({@link #isTaggable()}), the others are written by the bot itself.
 */
public enum EntryKind {
    DECLARED("Declared", false),
    STATUS("Status", false),
    SEVERITY("Severity", false),
    ROLE("Role", false),
    EVENT("Event", true),
    DETECTION("Detection", true),
    FINDING("Finding", true),
    MITIGATION("Mitigation", true),
    ROOT_CAUSE("Root cause", true),
    ACTION("Action", true),
    NOTE("Note", false),
    PARTICIPANT("Joined", false),
    RESOLVED("Resolved", false),
    SUMMARY("Summary", false),
    IMPACT("Impact", false),
    /** Written by a retro command (a key moment, a chain step, a factor, a learning): its audit entry. */
    RETRO("Retro", false);

    private final String label;
    private final boolean taggable;

    EntryKind(String label, boolean taggable) {
        this.label = label;
        this.taggable = taggable;
    }

    /** A short human label, e.g. {@code Root cause}. */
    public String label() {
        return label;
    }

    /** Whether users can put messages of this kind on the timeline with a reaction. */
    public boolean isTaggable() {
        return taggable;
    }

    /** The snake_case code used in configuration, SQL and JSON, e.g. {@code root_cause}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static EntryKind fromCode(String code) {
        return parse(code).orElseThrow(() -> new IllegalArgumentException("unknown entry kind: " + code));
    }

    public static Optional<EntryKind> parse(String code) {
        if (code == null) {
            return Optional.empty();
        }
        String t = code.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (EntryKind k : values()) {
            if (k.name().equals(t)) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
