package dev.incidenttimeline.bot.slack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The key under which a slash command or an interaction is recorded, so that the same
 * request seen twice is recognised. Pure: from the raw body and Slack's request timestamp.
 *
 * <ul>
 *   <li>A slash command: its {@code trigger_id}, which Slack makes for each invocation; without
 *       one, the team, user, command, text and Slack's {@code X-Slack-Request-Timestamp}.</li>
 *   <li>A modal submission: the view and the values submitted, so a form sent twice (a
 *       double click, a replay) is one submission whatever trigger it carries.</li>
 *   <li>Any other interaction (a button): its {@code trigger_id}.</li>
 * </ul>
 * Keys are hashed: they hold what people typed, which has no place in a lookup table.
 */
final class RequestKeys {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A recorded request: its workspace, its hashed key, and what kind it is. */
    record Key(String teamId, String key, String kind) {
    }

    private RequestKeys() {
    }

    /** The key of a form-encoded slash command body; empty when it names no team. */
    static Optional<Key> command(String formBody, String requestTimestamp) {
        Map<String, String> form = form(formBody);
        String team = form.get("team_id");
        if (blank(team)) {
            return Optional.empty();
        }
        String trigger = form.get("trigger_id");
        String identity = !blank(trigger) ? "trigger\n" + trigger
                : String.join("\n", "command", nz(form.get("user_id")), nz(form.get("command")),
                        nz(form.get("text")), nz(requestTimestamp));
        return Optional.of(new Key(team, hash(identity), "command"));
    }

    /** The key of an interactivity body ({@code payload=<json>}); empty when it has nothing to key on. */
    static Optional<Key> interaction(String formBody) {
        String payload = form(formBody).get("payload");
        if (payload == null) {
            return Optional.empty();
        }
        JsonNode p;
        try {
            p = JSON.readTree(payload);
        } catch (Exception e) {
            return Optional.empty();
        }
        String team = text(p.path("team"), "id");
        if (blank(team)) {
            team = text(p.path("user"), "team_id");
        }
        if (blank(team)) {
            return Optional.empty();
        }
        String type = text(p, "type");
        if ("view_submission".equals(type) && !blank(text(p.path("view"), "id"))) {
            String identity = String.join("\n", "view", nz(text(p.path("user"), "id")), text(p.path("view"), "id"),
                    p.path("view").path("state").path("values").toString());
            return Optional.of(new Key(team, hash(identity), "view_submission"));
        }
        String trigger = text(p, "trigger_id");
        if (blank(trigger)) {
            return Optional.empty();
        }
        return Optional.of(new Key(team, hash("trigger\n" + trigger), type == null ? "interaction" : type));
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        if (body == null) {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isValueNode() || v.isNull() ? null : v.asText();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    private static String hash(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
