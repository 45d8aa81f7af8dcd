package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * How one retro writes times, people and user text: times in its zone ({@code 09:14 UTC},
 * {@code Tue 17 Nov 2026, 09:14 UTC}), ISO instants to the second, people by label, Slack
 * text turned into escaped Markdown. One per render: it caches names it has looked up.
 */
final class RetroFormat {
    private static final String[] DAYS = new String[7];
    private static final String[] MONTHS = new String[12];

    static {
        for (DayOfWeek d : DayOfWeek.values()) {
            DAYS[d.ordinal()] = d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        }
        for (Month m : Month.values()) {
            MONTHS[m.ordinal()] = m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        }
    }

    private final ZoneId zone;
    private final Map<String, SlackUser> users;
    private final DateTimeFormatter zoneNameFormat = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
    /** Looking up a zone's short name is slow; an incident sees one or two offsets. */
    private final Map<ZoneOffset, String> zoneNames = new HashMap<>();
    private final Map<String, RetroModel.Person> people = new HashMap<>();
    private final Function<String, String> userLabel;

    RetroFormat(ZoneId zone, Map<String, SlackUser> users) {
        // "Z" would show as "Z"; people read "UTC".
        this.zone = zone.normalized().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
        this.users = users;
        this.userLabel = id -> {
            SlackUser u = users.get(id);
            return u == null ? null : u.label();
        };
    }

    ZoneId zone() {
        return zone;
    }

    /** User id → label, for turning mentions in Slack text into names. */
    Function<String, String> userLabel() {
        return userLabel;
    }

    /** {@code 09:14 UTC}. */
    String time(ZonedDateTime local) {
        StringBuilder sb = new StringBuilder(16);
        twoDigits(sb, local.getHour()).append(':');
        twoDigits(sb, local.getMinute()).append(' ');
        return sb.append(zoneNames.computeIfAbsent(local.getOffset(), o -> zoneNameFormat.format(local))).toString();
    }

    /** {@code Tue 17 Nov 2026, 09:14 UTC}. */
    String when(ZonedDateTime local, String time) {
        return DAYS[local.getDayOfWeek().ordinal()] + " " + local.getDayOfMonth() + " "
                + MONTHS[local.getMonthValue() - 1] + " " + local.getYear() + ", " + time;
    }

    String when(Instant at) {
        ZonedDateTime local = at.atZone(zone);
        return when(local, time(local));
    }

    private static StringBuilder twoDigits(StringBuilder sb, int n) {
        return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
    }

    RetroModel.Person person(String id) {
        if (id == null || id.isBlank()) {
            return null;
        }
        return people.computeIfAbsent(id, k -> {
            SlackUser u = users.get(k);
            String name = u == null ? k : u.label();
            return new RetroModel.Person(k, name, MarkdownText.cell(MarkdownText.escape(name)));
        });
    }

    /** Slack text as Markdown that may span lines, or null when there is none. */
    String block(String slackText) {
        if (slackText == null || slackText.isBlank()) {
            return null;
        }
        String md = MarkdownText.fromSlack(slackText, userLabel);
        return md.isEmpty() ? null : md;
    }

    /** Slack text as one line of Markdown, safe in a table cell or a list item. */
    String cell(String slackText) {
        return MarkdownText.cellFromSlack(slackText, userLabel);
    }

    String plain(String slackText) {
        return MarkdownText.plainFromSlack(slackText, userLabel);
    }

    static String iso(Instant at) {
        return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }
}
