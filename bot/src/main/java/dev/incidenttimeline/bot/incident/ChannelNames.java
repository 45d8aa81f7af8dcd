package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.slack.SlackText;
import java.text.Normalizer;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Incident channel names: {@code <prefix>-<yyyymmdd>-<slug>}, e.g.
 * {@code inc-20261122-db-failover}. Slack allows lowercase letters, digits, {@code -} and
 * {@code _}, at most 80 characters; the date is the declaration date in {@code TIMEZONE}.
 * When a name is taken the next tries are {@code …-2}, {@code …-3}, still within 80.
 */
public final class ChannelNames {
    public static final int MAX_LENGTH = 80;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

    private ChannelNames() {
    }

    /**
     * The first name to try.
     *
     * @param title  the incident title as stored (Slack markup)
     * @param number the incident number, used when the title has no letters or digits to use
     */
    public static String base(String prefix, LocalDate declaredOn, String title, long number) {
        String slug = slug(title);
        if (slug.isEmpty()) {
            slug = "incident-" + number;
        }
        return fit(prefix + "-" + DAY.format(declaredOn) + "-" + slug, MAX_LENGTH);
    }

    /** The name for the {@code attempt}-th try: the base first, then {@code base-2}, {@code base-3} … */
    public static String attempt(String base, int attempt) {
        if (attempt <= 1) {
            return base;
        }
        String suffix = "-" + attempt;
        return fit(base, MAX_LENGTH - suffix.length()) + suffix;
    }

    /** Lowercase a-z, 0-9 and single dashes; accents dropped, Slack markup reduced to its words. */
    static String slug(String title) {
        String plain = Normalizer.normalize(SlackText.toPlain(title), Normalizer.Form.NFD)
                .replaceAll("\\p{M}+", "")
                .replace("ß", "ss")
                .toLowerCase(Locale.ROOT);
        return plain.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
    }

    /** Cuts a name to {@code max}, at a dash when one is near, never leaving a trailing dash. */
    private static String fit(String name, int max) {
        if (name.length() <= max) {
            return name;
        }
        String cut = name.substring(0, max);
        int dash = cut.lastIndexOf('-');
        if (dash >= max - 15 && dash > 0) {
            cut = cut.substring(0, dash);
        }
        return cut.replaceAll("-+$", "");
    }
}
