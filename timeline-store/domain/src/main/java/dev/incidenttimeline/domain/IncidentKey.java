package dev.incidenttimeline.domain;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The public key of an incident, {@code INC-42}: numbered from 1 in each database. */
public record IncidentKey(long number) {
    private static final Pattern FORM = Pattern.compile("(?:INC-?)?([1-9][0-9]{0,17})");

    public IncidentKey {
        if (number < 1) {
            throw new IllegalArgumentException("incident numbers start at 1, not " + number);
        }
    }

    /** Accepts {@code INC-42}, {@code inc-42}, {@code INC42} and {@code 42}. */
    public static Optional<IncidentKey> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = FORM.matcher(text.trim().toUpperCase(Locale.ROOT));
        return m.matches() ? Optional.of(new IncidentKey(Long.parseLong(m.group(1)))) : Optional.empty();
    }

    @Override
    public String toString() {
        return "INC-" + number;
    }
}
