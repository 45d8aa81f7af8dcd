package dev.incidenttimeline.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A stand-in for the Slack Web API on loopback: answers every method the bot calls with a
 * plausible body, counts calls, counts tag confirmations per message (to find duplicated
 * effects), and can answer 429 or 500 for a while (fault runs).
 */
final class StubSlack implements AutoCloseable {
    final HttpServer server;
    final Map<String, LongAdder> calls = new ConcurrentHashMap<>();
    final Map<String, LongAdder> confirmations = new ConcurrentHashMap<>();
    final LongAdder faultsServed = new LongAdder();
    private final AtomicLong faultUntil = new AtomicLong();
    /** Channels made with conversations.create: name → id (the bot is their creator). */
    final Map<String, String> channelsByName = new ConcurrentHashMap<>();
    /** Every visible post (chat.postMessage), by what identifies it: its dedupe key, or channel and text. */
    final Map<String, LongAdder> posts = new ConcurrentHashMap<>();
    /** The bot's posts with their metadata, per channel, as conversations.history returns them. */
    private final Map<String, java.util.List<String>> postedJson = new ConcurrentHashMap<>();
    private final AtomicLong channelSeq = new AtomicLong();
    private final AtomicLong postSeq = new AtomicLong();
    /** History reads of a retried post looking for an earlier copy of itself. */
    final LongAdder postLookups = new LongAdder();

    StubSlack() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "stub-slack");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/";
    }

    String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    /** For the next {@code millis}, permalink lookups get 429 and confirmations get 500. */
    void faultFor(long millis) {
        faultUntil.set(System.currentTimeMillis() + millis);
    }

    long count(String method) {
        LongAdder a = calls.get(method);
        return a == null ? 0 : a.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String method = path.startsWith("/api/") ? path.substring(5) : path;
            calls.computeIfAbsent(method, m -> new LongAdder()).increment();
            Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            boolean faulty = System.currentTimeMillis() < faultUntil.get();
            if (faulty && method.equals("chat.getPermalink")) {
                faultsServed.increment();
                ex.getResponseHeaders().set("Retry-After", "1");
                send(ex, 429, "{\"ok\":false,\"error\":\"ratelimited\"}");
                return;
            }
            if (faulty && method.equals("reactions.add")) {
                faultsServed.increment();
                send(ex, 500, "{\"ok\":false,\"error\":\"internal_error\"}");
                return;
            }
            String ts = form.getOrDefault("timestamp", form.getOrDefault("latest", form.getOrDefault("ts",
                    form.getOrDefault("message_ts", "1800000000.000001"))));
            String channel = form.getOrDefault("channel", "CBENCH");
            if (form.containsKey("include_all_metadata")) {
                postLookups.increment();
            }
            String body = switch (method) {
                case "auth.test" -> "{\"ok\":true,\"team_id\":\"" + Bench.TEAM + "\",\"user_id\":\"UBOT\","
                        + "\"bot_id\":\"BBOT\",\"team\":\"bench\",\"user\":\"bot\",\"url\":\"https://bench.slack.com/\"}";
                case "chat.getPermalink" -> "{\"ok\":true,\"channel\":\"" + channel
                        + "\",\"permalink\":\"https://bench.slack.com/archives/" + channel + "/p" + ts.replace(".", "")
                        + "\"}";
                case "reactions.add" -> {
                    confirmations.computeIfAbsent(channel + "/" + ts, k -> new LongAdder()).increment();
                    yield "{\"ok\":true}";
                }
                // A history read without `latest` is reconciliation paging through the channel:
                // the runs post every message as an event, so there is nothing more to find.
                // A read with include_all_metadata is a retried post looking for itself.
                case "conversations.history", "conversations.replies" -> form.containsKey("include_all_metadata")
                        ? "{\"ok\":true,\"messages\":[" + String.join(",", postedJson.getOrDefault(channel,
                                java.util.List.of())) + "],\"has_more\":false,\"response_metadata\":"
                                + "{\"next_cursor\":\"\"}}"
                        : !form.containsKey("latest")
                        && !form.containsKey("ts") ? "{\"ok\":true,\"messages\":[],\"has_more\":false}"
                        : "{\"ok\":true,\"messages\":[{\"type\":\"message\",\"user\":\"U1\",\"text\":\"message "
                        + ts + "\",\"ts\":\"" + ts + "\"}],\"has_more\":false}";
                case "reactions.get" -> "{\"ok\":true,\"type\":\"message\",\"channel\":\"" + channel
                        + "\",\"message\":{\"type\":\"message\",\"user\":\"U1\",\"text\":\"message " + ts
                        + "\",\"ts\":\"" + ts + "\"}}";
                case "chat.postMessage" -> posted(channel, form);
                case "conversations.create" -> {
                    String name = form.getOrDefault("name", "unnamed");
                    String id = "CDECL" + channelSeq.incrementAndGet();
                    String existing = channelsByName.putIfAbsent(name, id);
                    yield existing != null ? "{\"ok\":false,\"error\":\"name_taken\"}"
                            : "{\"ok\":true,\"channel\":{\"id\":\"" + id + "\",\"name\":\"" + name
                            + "\",\"is_channel\":true,\"creator\":\"UBOT\",\"is_member\":true}}";
                }
                case "conversations.list" -> {
                    StringBuilder b = new StringBuilder("{\"ok\":true,\"channels\":[");
                    String sep = "";
                    for (Map.Entry<String, String> c : channelsByName.entrySet()) {
                        b.append(sep).append("{\"id\":\"").append(c.getValue()).append("\",\"name\":\"")
                                .append(c.getKey()).append("\",\"creator\":\"UBOT\",\"is_member\":true}");
                        sep = ",";
                    }
                    yield b.append("],\"response_metadata\":{\"next_cursor\":\"\"}}").toString();
                }
                case "conversations.open" -> "{\"ok\":true,\"channel\":{\"id\":\"D" + form.getOrDefault("users",
                        "U1") + "\"}}";
                case "users.info" -> "{\"ok\":true,\"user\":{\"id\":\"" + form.getOrDefault("user", "U1")
                        + "\",\"name\":\"bench\",\"real_name\":\"Bench User\",\"profile\":{\"display_name\":\"bench\"}}}";
                default -> "{\"ok\":true}";
            };
            send(ex, 200, body);
        }
    }

    /**
     * Records a visible post: by the dedupe key in its metadata when it has one (the bot's
     * channel posts), else by channel and text (direct messages); keeps it for history reads.
     */
    private String posted(String channel, Map<String, String> form) {
        String metadata = form.get("metadata");
        String key = null;
        if (metadata != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"dedupe_key\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(metadata);
            if (m.find()) {
                key = m.group(1);
            }
        }
        String identity = key != null ? channel + " key " + key : channel + " text " + form.getOrDefault("text", "");
        posts.computeIfAbsent(identity, k -> new LongAdder()).increment();
        String ts = (1_900_000_000L + postSeq.incrementAndGet()) + ".000100";
        if (metadata != null) {
            postedJson.computeIfAbsent(channel, c -> new java.util.concurrent.CopyOnWriteArrayList<>())
                    .add("{\"type\":\"message\",\"user\":\"UBOT\",\"bot_id\":\"BBOT\",\"text\":\"posted\","
                            + "\"ts\":\"" + ts + "\",\"metadata\":" + metadata + "}");
        }
        return "{\"ok\":true,\"channel\":\"" + channel + "\",\"ts\":\"" + ts + "\"}";
    }

    /** Visible posts made more than once: every post after the first of the same identity. */
    long repeatedPosts() {
        return posts.values().stream().mapToLong(a -> Math.max(0, a.sum() - 1)).sum();
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.sendResponseHeaders(status, b.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(b);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
