package dev.incidenttimeline.bot.config;

import dev.incidenttimeline.bot.redaction.Redactor;
import dev.incidenttimeline.domain.SettingsException;
import dev.incidenttimeline.domain.TaggingReactions;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything the app reads from its environment, checked at start-up. A missing or
 * malformed value stops start-up with one line naming the variable and its right form.
 * Secrets are kept out of {@link #toString()}.
 */
public record Settings(
        Optional<String> botToken,
        Optional<String> signingSecret,
        Optional<String> appToken,
        String apiUrl,
        String host,
        int port,
        String channelPrefix,
        TaggingReactions reactions,
        Optional<String> reportChannel,
        ReportSchedule reportSchedule,
        ZoneId zone,
        Optional<Path> retroTemplate,
        TagConfirmation tagConfirmation,
        boolean pinsAreEvents,
        Redactor redactor,
        int retentionDays,
        Optional<String> announceChannel,
        TicketSettings tickets) {

    public static final String DEFAULT_API_URL = "https://slack.com/api/";
    private static final Pattern PREFIX = Pattern.compile("[a-z0-9][a-z0-9_-]{0,19}");

    /** How the bot confirms that a tag was stored. */
    public enum TagConfirmation { REACTION, THREAD, NONE }

    public static Settings fromEnv(Map<String, String> env) {
        return new Settings(
                token(env, "SLACK_BOT_TOKEN", "xoxb-"),
                value(env, "SLACK_SIGNING_SECRET"),
                token(env, "SLACK_APP_TOKEN", "xapp-"),
                apiUrl(env),
                host(env),
                port(env),
                prefix(env),
                reactions(env),
                reportChannel(env),
                schedule(env),
                zone(env),
                template(env),
                confirmation(env),
                bool(env, "PIN_EVENTS", true),
                redactor(env),
                retentionDays(env),
                channelId(env, "ANNOUNCE_CHANNEL"),
                TicketSettings.fromEnv(env));
    }

    /** {@code serve} needs Slack: the bot token, and in HTTP mode the signing secret. */
    public void requireSlack() {
        if (botToken.isEmpty()) {
            throw new SettingsException("SLACK_BOT_TOKEN is not set; serve needs the bot token (xoxb-…) from the"
                    + " Slack app's OAuth & Permissions page");
        }
        if (appToken.isEmpty() && signingSecret.isEmpty()) {
            throw new SettingsException("SLACK_SIGNING_SECRET is not set; HTTP mode needs the signing secret from the"
                    + " Slack app's Basic Information page (or set SLACK_APP_TOKEN=xapp-… for Socket Mode)");
        }
    }

    public boolean socketMode() {
        return appToken.isPresent();
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static Optional<String> token(Map<String, String> env, String name, String prefix) {
        Optional<String> v = value(env, name);
        if (v.isPresent() && (!v.get().startsWith(prefix) || v.get().length() < 16 || v.get().contains(" "))) {
            throw new SettingsException(name + " does not look like a Slack token; expected " + prefix + "…");
        }
        return v;
    }

    private static String apiUrl(Map<String, String> env) {
        String v = value(env, "SLACK_API_URL").orElse(DEFAULT_API_URL);
        try {
            URI u = URI.create(v);
            if (!("https".equals(u.getScheme()) || "http".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException("SLACK_API_URL is not an http(s) URL; expected something like " + DEFAULT_API_URL);
        }
        return v.endsWith("/") ? v : v + "/";
    }

    private static final Pattern HOST = Pattern.compile(
            "[0-9]{1,3}(\\.[0-9]{1,3}){3}|\\[?[0-9a-fA-F:]*:[0-9a-fA-F:.]*\\]?|[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");

    private static String host(Map<String, String> env) {
        String v = value(env, "HOST").orElse("0.0.0.0");
        if (!HOST.matcher(v).matches()) {
            throw new SettingsException("HOST must be the address to listen on, such as 0.0.0.0 (every interface),"
                    + " 127.0.0.1 or ::1, not '" + v + "'");
        }
        return v.startsWith("[") && v.endsWith("]") ? v.substring(1, v.length() - 1) : v;
    }

    private static int port(Map<String, String> env) {
        String v = value(env, "PORT").orElse("3000");
        try {
            int p = Integer.parseInt(v);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new SettingsException("PORT must be a number from 1 to 65535, not '" + v + "'");
        }
    }

    /** Days a done inbox event or Slack call is kept (for status and debugging) before it is deleted. */
    private static int retentionDays(Map<String, String> env) {
        String v = value(env, "RETENTION_DAYS").orElse("14");
        try {
            int d = Integer.parseInt(v);
            if (d < 1 || d > 3650) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new SettingsException("RETENTION_DAYS must be a number of days from 1 to 3650, not '" + v + "'");
        }
    }

    private static String prefix(Map<String, String> env) {
        String v = value(env, "INCIDENT_CHANNEL_PREFIX").orElse("inc");
        if (!PREFIX.matcher(v).matches()) {
            throw new SettingsException("INCIDENT_CHANNEL_PREFIX must be 1-20 lowercase letters, digits, - or _"
                    + " (for example inc), not '" + v + "'");
        }
        return v;
    }

    private static TaggingReactions reactions(Map<String, String> env) {
        Optional<String> v = value(env, "TIMELINE_REACTIONS");
        if (v.isEmpty()) {
            return TaggingReactions.defaults();
        }
        try {
            return TaggingReactions.parse(v.get());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("TIMELINE_REACTIONS: " + e.getMessage());
        }
    }

    private static Optional<String> reportChannel(Map<String, String> env) {
        Optional<String> v = value(env, "REPORT_CHANNEL");
        if (v.isPresent() && !v.get().matches("[CG][A-Z0-9]{6,20}")) {
            throw new SettingsException("REPORT_CHANNEL must be a channel id such as C0123ABCD (in Slack: channel"
                    + " details, bottom of the About tab), not '" + v.get() + "'");
        }
        return v;
    }

    /** An optional channel id setting, with the same one-line error as REPORT_CHANNEL. */
    private static Optional<String> channelId(Map<String, String> env, String name) {
        Optional<String> v = value(env, name);
        if (v.isPresent() && !v.get().matches("[CG][A-Z0-9]{6,20}")) {
            throw new SettingsException(name + " must be a channel id such as C0123ABCD (in Slack: channel"
                    + " details, bottom of the About tab), not '" + v.get() + "'");
        }
        return v;
    }

    private static ReportSchedule schedule(Map<String, String> env) {
        try {
            return ReportSchedule.parse(value(env, "REPORT_SCHEDULE").orElse("MON 09:00"));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("REPORT_SCHEDULE " + e.getMessage());
        }
    }

    private static ZoneId zone(Map<String, String> env) {
        String v = value(env, "TIMEZONE").orElse("UTC");
        try {
            return ZoneId.of(v);
        } catch (DateTimeException e) {
            throw new SettingsException("TIMEZONE must be an IANA zone such as UTC or Europe/Berlin, not '" + v + "'");
        }
    }

    private static Optional<Path> template(Map<String, String> env) {
        Optional<Path> p = value(env, "RETRO_TEMPLATE").map(Path::of);
        if (p.isPresent() && !Files.isReadable(p.get())) {
            throw new SettingsException("RETRO_TEMPLATE names " + p.get() + ", which cannot be read; expected a"
                    + " Mustache file (print the built-in one with: export --print-template)");
        }
        return p;
    }

    private static TagConfirmation confirmation(Map<String, String> env) {
        String v = value(env, "TAG_CONFIRMATION").orElse("reaction").toUpperCase(Locale.ROOT);
        try {
            return TagConfirmation.valueOf(v);
        } catch (IllegalArgumentException e) {
            throw new SettingsException("TAG_CONFIRMATION must be reaction, thread or none, not '"
                    + v.toLowerCase(Locale.ROOT) + "'");
        }
    }

    /** {@code REDACT_PATTERNS}: extra regular expressions, separated by {@code ;;}, checked now. */
    private static Redactor redactor(Map<String, String> env) {
        Optional<String> v = value(env, "REDACT_PATTERNS");
        if (v.isEmpty()) {
            return Redactor.builtIn();
        }
        try {
            return Redactor.withExtra(java.util.Arrays.stream(v.get().split(";;")).map(String::strip)
                    .filter(p -> !p.isEmpty()).toList());
        } catch (IllegalArgumentException e) {
            throw new SettingsException("REDACT_PATTERNS: " + e.getMessage() + "; expected Java regular expressions"
                    + " separated by ;; (for example ACME-[0-9]{8};;corp_key_[a-z0-9]{20})");
        }
    }

    private static boolean bool(Map<String, String> env, String name, boolean dflt) {
        Optional<String> v = value(env, name).map(s -> s.toLowerCase(Locale.ROOT));
        if (v.isEmpty()) {
            return dflt;
        }
        return switch (v.get()) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new SettingsException(name + " must be true or false, not '" + v.get() + "'");
        };
    }

    @Override
    public String toString() {
        return "Settings[apiUrl=" + apiUrl + ", host=" + host + ", port=" + port + ", socketMode=" + socketMode() + ", zone=" + zone
                + ", channelPrefix=" + channelPrefix + ", reportChannel=" + reportChannel.orElse("-") + ", tickets=" + tickets
                + "]";
    }
}
