package dev.incidenttimeline.bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Signed {@code /incident declare} slash commands, as Slack posts them (form-encoded, with a
 * {@code trigger_id} of their own and a {@code response_url} on the stand-in Slack). A
 * command sent again after a failed attempt is the same request (same trigger id): the bot
 * must declare it once.
 */
final class DeclareLoad {
    static final String TITLE_PREFIX = "Fault run incident ";

    private DeclareLoad() {
    }

    static String body(int n, String responseUrlBase) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy");
        form.put("team_id", Bench.TEAM);
        form.put("team_domain", "bench");
        form.put("channel_id", "CALERTS0001");
        form.put("channel_name", "alerts");
        form.put("user_id", "U0DECL" + (n % 7));
        form.put("user_name", "responder" + (n % 7));
        form.put("command", "/incident");
        form.put("text", "declare " + TITLE_PREFIX + n + " sev2");
        form.put("api_app_id", "A1");
        form.put("response_url", responseUrlBase + "response/declare-" + n);
        form.put("trigger_id", "fault-trigger-" + n);
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    static HttpRequest request(String baseUrl, String body) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        return HttpRequest.newBuilder(URI.create(baseUrl + "/slack/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", EventLoad.sign(now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
