package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.bot.app.BotRuntime;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.store.Database;
import dev.incidenttimeline.store.DatabaseUrl;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * A running bot for tests: WireMock stands in for the Slack Web API (and records every call),
 * the app listens on a random port, and requests are signed for real.
 */
public final class BotHarness implements AutoCloseable {
    public static final String TEAM = "T0001";
    public static final String BOT_USER = "UBOT";
    public static final String TOKEN = "xoxb-test-token-0000000000";
    public static final String SECRET = "test-signing-secret";

    public final WireMockServer slack;
    public final Database db;
    public final BotRuntime runtime;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Slack makes a trigger id per invocation; the bot recognises a replay by it. */
    private final java.util.concurrent.atomic.AtomicInteger triggers = new java.util.concurrent.atomic.AtomicInteger();
    private final boolean ownsSlack;

    /**
     * @param jdbcUrl the test class's database
     * @param extraEnv settings beyond the Slack ones (TIMEZONE, …)
     * @param clock the clock the bot reads "now" from
     */
    public BotHarness(String jdbcUrl, Map<String, String> extraEnv, Clock clock,
            Function<BotContext, List<BotFeature>> features) throws Exception {
        this(jdbcUrl, extraEnv, clock, features, null);
    }

    /**
     * A bot that talks to {@code sharedSlack} when it is given (a second replica on the same
     * database and the same Slack stand-in; the caller stops it), or to a WireMock of its own.
     */
    public BotHarness(String jdbcUrl, Map<String, String> extraEnv, Clock clock,
            Function<BotContext, List<BotFeature>> features, WireMockServer sharedSlack) throws Exception {
        ownsSlack = sharedSlack == null;
        slack = ownsSlack ? new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort()) : sharedSlack;
        if (ownsSlack) {
            slack.start();
        }
        stubDefaults();
        Map<String, String> env = new HashMap<>();
        env.put("SLACK_BOT_TOKEN", TOKEN);
        env.put("SLACK_SIGNING_SECRET", SECRET);
        env.put("SLACK_API_URL", slack.baseUrl() + "/api/");
        env.put("PORT", "0");
        env.putAll(extraEnv);
        db = Database.connect(DatabaseUrl.parse(jdbcUrl), 8);
        runtime = new BotRuntime(Settings.fromEnv(env), db, clock, features);
        runtime.start();
    }

    /** Stubs that every test needs; {@link #resetSlack()} brings them back after a reset. */
    public void stubDefaults() {
        slack.stubFor(post(urlPathEqualTo("/api/auth.test")).willReturn(okJson("{\"ok\":true,\"team_id\":\"" + TEAM
                + "\",\"user_id\":\"" + BOT_USER + "\",\"bot_id\":\"BBOT\",\"team\":\"t\",\"user\":\"bot\","
                + "\"url\":\"https://t.slack.com/\"}")));
        slack.stubFor(post(urlPathEqualTo("/api/bots.info")).willReturn(okJson(
                "{\"ok\":true,\"bot\":{\"id\":\"BOTHER\",\"user_id\":\"UOTHERBOT\",\"name\":\"other\"}}")));
        slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).willReturn(okJson(
                "{\"ok\":true,\"channel\":\"C1\",\"ts\":\"1700000000.000100\"}")));
    }

    public void resetSlack() {
        slack.resetAll();
        stubDefaults();
    }

    public Jdbi jdbi() {
        return db.jdbi();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + runtime.port() + path;
    }

    /** A signed slash command {@code /incident <text>} from {@code user} in {@code channel}. */
    public HttpResponse<String> command(String text, String channel, String user) throws Exception {
        return send(commandBody(text, channel, user), "application/x-www-form-urlencoded", nowSeconds(), SECRET,
                Map.of());
    }

    /** The form body Slack posts for {@code /incident <text>}, with a trigger id of its own. */
    public String commandBody(String text, String channel, String user) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("token", "legacy");
        form.put("team_id", TEAM);
        form.put("team_domain", "t");
        form.put("channel_id", channel);
        form.put("channel_name", "some-channel");
        form.put("user_id", user);
        form.put("user_name", user.toLowerCase());
        form.put("command", "/incident");
        form.put("text", text);
        form.put("api_app_id", "A0001");
        form.put("response_url", slack.baseUrl() + "/response/" + channel);
        form.put("trigger_id", "trigger-" + triggers.incrementAndGet());
        return formBody(form);
    }

    public HttpResponse<String> postForm(Map<String, String> form) throws Exception {
        return send(formBody(form), "application/x-www-form-urlencoded", nowSeconds(), SECRET, Map.of());
    }

    private static String formBody(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** An interactivity payload (modal submission, button) as Slack posts it. */
    public HttpResponse<String> interaction(String payloadJson) throws Exception {
        String body = "payload=" + URLEncoder.encode(payloadJson, StandardCharsets.UTF_8);
        return send(body, "application/x-www-form-urlencoded", nowSeconds(), SECRET, Map.of());
    }

    /** A signed Events API delivery of {@code event} (JSON object) with the given event id. */
    public HttpResponse<String> event(String eventId, String eventJson) throws Exception {
        return send(envelope(eventId, eventJson), "application/json", nowSeconds(), SECRET, Map.of());
    }

    /** The same delivery again, as Slack retries it. */
    public HttpResponse<String> eventRetry(String eventId, String eventJson, int retryNum) throws Exception {
        return send(envelope(eventId, eventJson), "application/json", nowSeconds(), SECRET,
                Map.of("X-Slack-Retry-Num", Integer.toString(retryNum), "X-Slack-Retry-Reason", "http_timeout"));
    }

    public static String envelope(String eventId, String eventJson) {
        return "{\"token\":\"legacy\",\"team_id\":\"" + TEAM + "\",\"api_app_id\":\"A0001\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + eventId + "\",\"event_time\":1700000000,"
                + "\"authorizations\":[{\"team_id\":\"" + TEAM + "\",\"user_id\":\"" + BOT_USER + "\",\"is_bot\":true}],"
                + "\"event\":" + eventJson + "}";
    }

    public HttpResponse<String> send(String body, String contentType, long timestamp, String secret,
            Map<String, String> extraHeaders) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url("/slack/events")))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", contentType)
                .header("X-Slack-Request-Timestamp", Long.toString(timestamp))
                .header("X-Slack-Signature", sign(secret, timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        extraHeaders.forEach(b::header);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    public static String sign(String secret, long timestamp, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + timestamp + ":" + body)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** Processes every stored event and queued Slack call now. */
    public void drain() {
        runtime.drain();
    }

    /** Makes the next {@code method} calls fail with HTTP 429 and Retry-After once. */
    public void rateLimitOnce(String method, int retryAfterSeconds) {
        slack.stubFor(post(urlPathEqualTo("/api/" + method)).inScenario(method).whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", Integer.toString(retryAfterSeconds)))
                .willSetStateTo("limited"));
    }

    @Override
    public void close() {
        runtime.close();
        db.close();
        if (ownsSlack) {
            slack.stop();
        }
    }
}
