package dev.incidenttimeline.bot.config;

import dev.incidenttimeline.domain.SettingsException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where action items become tickets ({@code TICKETS=jira|github|linear}; unset: nowhere) and
 * how to reach that tracker. Checked at start like every setting; the tokens and the webhook
 * secret are kept out of {@link #toString()}.
 *
 * @param userMap Slack email (lower case) to GitHub login, from {@code TICKETS_USER_MAP}
 */
public record TicketSettings(
        Optional<Tracker> tracker,
        String jiraUrl,
        String jiraEmail,
        String jiraApiToken,
        String jiraProject,
        String jiraIssueType,
        String githubApiUrl,
        String githubToken,
        String githubRepo,
        Map<String, String> userMap,
        String linearApiUrl,
        String linearApiKey,
        String linearTeamId,
        Optional<String> webhookSecret) {

    public static final String DEFAULT_GITHUB_API_URL = "https://api.github.com";
    public static final String DEFAULT_LINEAR_API_URL = "https://api.linear.app/graphql";
    private static final Pattern JIRA_PROJECT = Pattern.compile("[A-Z][A-Z0-9_]{0,9}");
    private static final Pattern GITHUB_REPO = Pattern.compile("[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern GITHUB_LOGIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})");

    /** The trackers tickets can be kept in. */
    public enum Tracker {
        JIRA, GITHUB, LINEAR;

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Tracker> fromCode(String code) {
            for (Tracker t : values()) {
                if (t.code().equals(code)) {
                    return Optional.of(t);
                }
            }
            return Optional.empty();
        }
    }

    /** No tracker: action items live only here. */
    public static TicketSettings none() {
        return new TicketSettings(Optional.empty(), null, null, null, null, null, null, null, null, Map.of(), null,
                null, null, Optional.empty());
    }

    public boolean enabled() {
        return tracker.isPresent();
    }

    public static TicketSettings fromEnv(Map<String, String> env) {
        Optional<String> secret = value(env, "TICKETS_WEBHOOK_SECRET");
        if (secret.isPresent() && secret.get().length() < 16) {
            throw new SettingsException("TICKETS_WEBHOOK_SECRET is too short (" + secret.get().length()
                    + " characters); use at least 16 random characters, the same as in the tracker's webhook");
        }
        Optional<String> kind = value(env, "TICKETS").map(s -> s.toLowerCase(Locale.ROOT));
        if (kind.isEmpty()) {
            return new TicketSettings(Optional.empty(), null, null, null, null, null, null, null, null, Map.of(),
                    null, null, null, secret);
        }
        Tracker tracker = Tracker.fromCode(kind.get()).orElseThrow(() -> new SettingsException(
                "TICKETS must be jira, github or linear (or unset for no tracker), not '" + kind.get() + "'"));
        return switch (tracker) {
            case JIRA -> new TicketSettings(Optional.of(tracker),
                    url(env, "JIRA_URL", null, "https://your-site.atlassian.net"),
                    email(required(env, "JIRA_EMAIL", "the email of the Atlassian account the bot acts as")),
                    required(env, "JIRA_API_TOKEN", "an API token from id.atlassian.com, Security, API tokens"),
                    jiraProject(required(env, "JIRA_PROJECT", "the project key, such as OPS")),
                    value(env, "JIRA_ISSUE_TYPE").orElse("Task"),
                    null, null, null, Map.of(), null, null, null, secret);
            case GITHUB -> new TicketSettings(Optional.of(tracker), null, null, null, null, null,
                    url(env, "GITHUB_API_URL", DEFAULT_GITHUB_API_URL, DEFAULT_GITHUB_API_URL),
                    required(env, "GITHUB_TOKEN", "a token that may write issues of GITHUB_REPO"),
                    githubRepo(required(env, "GITHUB_REPO", "the repository as owner/name, such as acme/ops")),
                    userMap(env), null, null, null, secret);
            case LINEAR -> new TicketSettings(Optional.of(tracker), null, null, null, null, null, null, null, null,
                    Map.of(), url(env, "LINEAR_API_URL", DEFAULT_LINEAR_API_URL, DEFAULT_LINEAR_API_URL),
                    required(env, "LINEAR_API_KEY", "a personal API key from Linear's Settings, API"),
                    required(env, "LINEAR_TEAM_ID", "the id of the team the issues go to (Linear: Cmd+K, copy"
                            + " model UUID)"),
                    secret);
        };
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.strip());
    }

    private static String required(Map<String, String> env, String name, String what) {
        return value(env, name).orElseThrow(() -> new SettingsException(name + " is not set; TICKETS="
                + env.get("TICKETS").strip().toLowerCase(Locale.ROOT) + " needs " + what));
    }

    private static String url(Map<String, String> env, String name, String dflt, String example) {
        Optional<String> v = value(env, name);
        if (v.isEmpty() && dflt == null) {
            throw new SettingsException(name + " is not set; TICKETS=jira needs the site's address, such as "
                    + example);
        }
        String u = v.orElse(dflt);
        try {
            URI uri = URI.create(u);
            if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not http(s)");
            }
        } catch (IllegalArgumentException e) {
            throw new SettingsException(name + " is not an http(s) URL; expected something like " + example);
        }
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    private static String email(String v) {
        if (!EMAIL.matcher(v).matches()) {
            throw new SettingsException("JIRA_EMAIL must be an email address such as bot@example.com, not '" + v
                    + "'");
        }
        return v;
    }

    private static String jiraProject(String v) {
        if (!JIRA_PROJECT.matcher(v).matches()) {
            throw new SettingsException("JIRA_PROJECT must be a project key (capital letters and digits, such as"
                    + " OPS), not '" + v + "'");
        }
        return v;
    }

    private static String githubRepo(String v) {
        if (!GITHUB_REPO.matcher(v).matches()) {
            throw new SettingsException("GITHUB_REPO must be owner/name, such as acme/ops, not '" + v + "'");
        }
        return v;
    }

    /** {@code TICKETS_USER_MAP}: a file of {@code slack_email=github_login} lines ({@code #} comments). */
    private static Map<String, String> userMap(Map<String, String> env) {
        Optional<String> file = value(env, "TICKETS_USER_MAP");
        if (file.isEmpty()) {
            return Map.of();
        }
        Path p = Path.of(file.get());
        List<String> lines;
        try {
            lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SettingsException("TICKETS_USER_MAP names " + p + ", which cannot be read; expected a file of"
                    + " slack_email=github_login lines");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String email = eq < 0 ? "" : line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String login = eq < 0 ? "" : line.substring(eq + 1).strip();
            if (!EMAIL.matcher(email).matches() || !GITHUB_LOGIN.matcher(login).matches()) {
                throw new SettingsException("TICKETS_USER_MAP line " + (i + 1) + " is not slack_email=github_login"
                        + " (for example alice@example.com=alice-gh)");
            }
            map.put(email, login);
        }
        return Map.copyOf(map);
    }

    @Override
    public String toString() {
        return "TicketSettings[tracker=" + tracker.map(Tracker::code).orElse("-") + ", webhookSecret="
                + (webhookSecret.isPresent() ? "set" : "-") + "]";
    }
}
