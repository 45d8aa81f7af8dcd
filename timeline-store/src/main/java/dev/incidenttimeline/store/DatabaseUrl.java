package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.SettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed {@code DATABASE_URL}: either {@code postgres://user:pass@host:5432/db?sslmode=…}
 * (also {@code postgresql://}) or a {@code jdbc:postgresql:} URL, which is used as it is.
 * The password is never part of {@link #toString()}.
 */
public record DatabaseUrl(String jdbcUrl, String user, String password) {
    static final String FORMS = "postgres://user:password@host:5432/database or jdbc:postgresql://host:5432/database";
    private static final Pattern LENIENT_AUTHORITY = Pattern.compile("(?:([^@]*)@)?([A-Za-z0-9._-]+)(?::([0-9]{1,5}))?");

    public static DatabaseUrl parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new SettingsException("DATABASE_URL is empty; expected " + FORMS);
        }
        String url = raw.strip();
        if (url.startsWith("jdbc:postgresql:")) {
            if (url.length() == "jdbc:postgresql:".length()) {
                throw new SettingsException("DATABASE_URL names no database; expected " + FORMS);
            }
            return new DatabaseUrl(url, null, null);
        }
        if (!url.startsWith("postgres://") && !url.startsWith("postgresql://")) {
            throw new SettingsException("DATABASE_URL must start with postgres://, postgresql:// or jdbc:postgresql:"
                    + "; expected " + FORMS);
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new SettingsException("DATABASE_URL is not a valid URL (" + e.getReason() + "); expected " + FORMS);
        }
        String host = uri.getHost();
        String userInfo = uri.getRawUserInfo();
        int port = uri.getPort();
        // java.net.URI only takes RFC 2396 host names; Docker service names may hold an underscore.
        Matcher lenient = LENIENT_AUTHORITY.matcher(uri.getRawAuthority() == null ? "" : uri.getRawAuthority());
        if (host == null && lenient.matches()) {
            userInfo = lenient.group(1);
            host = lenient.group(2);
            port = lenient.group(3) == null ? -1 : Integer.parseInt(lenient.group(3));
        }
        if (host == null || host.isEmpty()) {
            throw new SettingsException("DATABASE_URL has no host; expected " + FORMS);
        }
        String path = uri.getRawPath();
        if (path == null || path.length() <= 1) {
            throw new SettingsException("DATABASE_URL names no database; expected " + FORMS);
        }
        String database = path.substring(1);
        if (database.contains("/")) {
            throw new SettingsException("DATABASE_URL has more than one path segment; expected " + FORMS);
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
            password = colon >= 0 ? decode(userInfo.substring(colon + 1)) : null;
        }
        String hostPart = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        StringBuilder jdbc = new StringBuilder("jdbc:postgresql://").append(hostPart);
        if (port != -1) {
            jdbc.append(':').append(port);
        }
        jdbc.append('/').append(database);
        if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
            jdbc.append('?').append(uri.getRawQuery());
        }
        return new DatabaseUrl(jdbc.toString(), user, password);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String shown = jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1***");
        return "DatabaseUrl[" + shown + (user != null ? ", user=" + user : "") + "]";
    }
}
