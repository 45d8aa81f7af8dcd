package dev.incidenttimeline.bot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.response.Response;
import com.slack.api.bolt.util.SlackRequestParser;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP mode: {@code POST /slack/events} (events, commands, interactivity) and
 * {@code GET /health}, served by the JDK's own HTTP server. Bolt parses, verifies and
 * dispatches each request; we only move bytes. We chose the JDK server over bolt-jetty's
 * embedded Jetty 9.4, which is past its end of life.
 */
public final class SlackHttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SlackHttpServer.class);
    /** Slack payloads are small; anything bigger is refused before it is read. */
    static final int MAX_BODY_BYTES = 1 << 20;

    static {
        // The JDK server leaves Nagle's algorithm on by default, which holds small responses
        // (every ack) back for up to a delayed-ACK period: ~40 ms added to each request.
        // Read once, when the first server is created.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final App app;
    private final SlackRequestParser parser;
    private final BooleanSupplier ready;
    private final HttpServer server;
    private final ExecutorService executor;

    public SlackHttpServer(App app, int port, BooleanSupplier ready) throws IOException {
        this.app = app;
        this.parser = new SlackRequestParser(app.config());
        this.ready = ready;
        this.server = HttpServer.create(new InetSocketAddress(port), 128);
        this.executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/slack/events", this::slack);
        server.createContext("/health", this::health);
    }

    public void start() {
        server.start();
        log.info("listening on port {} (POST /slack/events, GET /health)", port());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange ex) throws IOException {
        try (ex) {
            boolean ok = ready.getAsBoolean();
            send(ex, ok ? 200 : 503, "application/json", ok ? "{\"status\":\"ok\"}" : "{\"status\":\"starting\"}",
                    Map.of());
        }
    }

    private void slack(HttpExchange ex) throws IOException {
        try (ex) {
            if (!"POST".equals(ex.getRequestMethod())) {
                send(ex, 405, "application/json", "{\"error\":\"POST only\"}", Map.of());
                return;
            }
            byte[] body = readLimited(ex.getRequestBody());
            if (body == null) {
                send(ex, 413, "application/json", "{\"error\":\"body too large\"}", Map.of());
                return;
            }
            Map<String, List<String>> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), v));
            Request<?> request;
            try {
                request = parser.parse(SlackRequestParser.HttpRequest.builder()
                        .requestUri(ex.getRequestURI().getPath())
                        .queryString(query(ex.getRequestURI().getRawQuery()))
                        .requestBody(new String(body, StandardCharsets.UTF_8))
                        .headers(new RequestHeaders(headers))
                        .remoteAddress(ex.getRemoteAddress().getAddress().getHostAddress())
                        .build());
            } catch (RuntimeException e) {
                send(ex, 400, "application/json", "{\"error\":\"unreadable request\"}", Map.of());
                return;
            }
            if (request == null) {
                send(ex, 400, "application/json", "{\"error\":\"not a Slack request\"}", Map.of());
                return;
            }
            Response response;
            try {
                response = app.run(request);
            } catch (Exception e) {
                log.error("request failed", e);
                send(ex, 500, "application/json", "{\"error\":\"internal error\"}", Map.of());
                return;
            }
            send(ex, response.getStatusCode() == null ? 200 : response.getStatusCode(),
                    response.getContentType(), response.getBody() == null ? "" : response.getBody(),
                    response.getHeaders() == null ? Map.of() : response.getHeaders());
        }
    }

    private static byte[] readLimited(InputStream in) throws IOException {
        byte[] data = in.readNBytes(MAX_BODY_BYTES + 1);
        return data.length > MAX_BODY_BYTES ? null : data;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return q;
    }

    private static void send(HttpExchange ex, int status, String contentType, String body,
            Map<String, List<String>> headers) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length")) {
                ex.getResponseHeaders().put(k, v);
            }
        });
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(2);
        executor.shutdown();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
