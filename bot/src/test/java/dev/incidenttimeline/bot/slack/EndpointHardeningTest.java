package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.incidenttimeline.store.TestDatabase;
import java.io.Closeable;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The HTTP endpoint holds under slow clients, reports a dead database, and logs no unverified body. */
class EndpointHardeningTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static BotHarness bot;

    private static final String REACTION = "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"pushpin\","
            + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1700000000.000100\"},"
            + "\"item_user\":\"U2\",\"event_ts\":\"1700000001.000200\"}";

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of("HOST", "127.0.0.1"), Clock.systemUTC(), ctx -> List.of());
        // Events are stored only from incident channels (others are dropped at the door).
        CommandTestSupport.incidentIn(bot, "C1", "Checkout errors");
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @Test
    void sixtyFourSlowTrickleConnections_doNotDelayASignedEvent() throws Exception {
        assertThat(bot.event("EvWarm", REACTION).statusCode()).isEqualTo(200);
        try (Trickle trickle = new Trickle(bot.runtime.port(), 64)) {
            trickle.awaitOpen();
            long ts = BotHarness.nowSeconds();
            String body = BotHarness.envelope("EvTrickle", REACTION);
            HttpRequest signed = HttpRequest.newBuilder(URI.create(bot.url("/slack/events")))
                    // The bound the issue sets: Slack gives up after 3 s, we allow a third of it.
                    .timeout(Duration.ofSeconds(1))
                    .header("Content-Type", "application/json")
                    .header("X-Slack-Request-Timestamp", Long.toString(ts))
                    .header("X-Slack-Signature", BotHarness.sign(BotHarness.SECRET, ts, body))
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> r = HttpClient.newHttpClient().send(signed, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(trickle.stillOpen()).as("the slow connections were still open").isGreaterThan(32);
        }
        int stored = bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM slack_events WHERE event_id = 'EvTrickle'").mapTo(Integer.class).one());
        assertThat(stored).isEqualTo(1);
    }

    @Test
    void bindsTheConfiguredHostOnly() throws Exception {
        assertThat(bot.runtime.context().settings().host()).isEqualTo("127.0.0.1");
        assertThat(bot.get("/health").statusCode()).isEqualTo(200);
    }

    /** The shipped logback.xml instead of the tests' own, for as long as {@code body} runs. */
    private static void withShippedLogConfig(ThrowingRunnable body) throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        JoranConfigurator shipped = new JoranConfigurator();
        shipped.setContext(ctx);
        shipped.doConfigure(EndpointHardeningTest.class.getResource("/logback.xml"));
        try {
            body.run();
        } finally {
            ctx.reset();
            JoranConfigurator tests = new JoranConfigurator();
            tests.setContext(ctx);
            tests.doConfigure(EndpointHardeningTest.class.getResource("/logback-test.xml"));
        }
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void unsignedAndUnrecognisedBodies_areNeverLogged_andNoLineCanBeForged() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        withShippedLogConfig(() -> {
            Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
            logs.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
            logs.start();
            root.addAppender(logs);
            root.setLevel(Level.INFO); // what serve runs at
            sendUnverifiedAndUnknownRequests();
        });
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        encoder.setPattern("%msg%ex");
        encoder.start();
        List<String> lines = new ArrayList<>();
        for (ILoggingEvent e : logs.list) {
            lines.add(new String(encoder.encode(e), StandardCharsets.UTF_8));
        }
        assertThat(String.join("\n---\n", lines))
                .doesNotContain("BODY-MARKER", "tok-MARKER", "legacy", "forged");
    }

    private static void sendUnverifiedAndUnknownRequests() throws Exception {
        {
            String forged = "{\"type\":\"event_callback\",\"token\":\"tok-MARKER-1\",\"event\":{\"type\":\"message\","
                    + "\"text\":\"BODY-MARKER-1\\n2026-12-02T00:00:00Z ERROR forged\"}}";
            assertThat(bot.send(forged, "application/json", BotHarness.nowSeconds(), "wrong-secret", Map.of())
                    .statusCode()).isEqualTo(401);
            String huge = "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\",\"text\":\"BODY-MARKER-2"
                    + "x".repeat(500_000) + "\"}}";
            HttpResponse<String> hugeReply = bot.send(huge, "application/json", BotHarness.nowSeconds(), "wrong-secret",
                    Map.of());
            assertThat(hugeReply.statusCode()).as(hugeReply.body()).isEqualTo(401);
            String unparseable = "{\"type\":\"event_callback\",\"token\":\"tok-MARKER-5\",\"pad\":\"BODY-MARKER-5\"}";
            assertThat(bot.send(unparseable, "application/json", BotHarness.nowSeconds(), "wrong-secret", Map.of())
                    .statusCode()).isEqualTo(400);
            // Signed, but nothing the app knows: a legacy token and an unknown interaction type.
            String unknown = "payload=" + java.net.URLEncoder.encode("{\"type\":\"no_such_type\",\"token\":"
                    + "\"tok-MARKER-3\",\"team\":{\"id\":\"T0001\"},\"text\":\"BODY-MARKER-3\"}", StandardCharsets.UTF_8);
            bot.send(unknown, "application/x-www-form-urlencoded", BotHarness.nowSeconds(), BotHarness.SECRET, Map.of());
            String unknownEvent = BotHarness.envelope("EvUnknown",
                    "{\"type\":\"no_such_event\",\"text\":\"BODY-MARKER-4\"}");
            bot.send(unknownEvent, "application/json", BotHarness.nowSeconds(), BotHarness.SECRET, Map.of());
            bot.drain();
        }
    }

    @Test
    void health_is503WithTheReason_whenTheDatabaseDoesNotAnswer() throws Exception {
        String db = TestDatabase.createDatabase("health");
        BotHarness other = new BotHarness(TestDatabase.jdbcUrl(db), Map.of(), Clock.systemUTC(), ctx -> List.of());
        try {
            assertThat(other.get("/health").statusCode()).isEqualTo(200);
            ((Closeable) other.db.dataSource()).close();
            HttpResponse<String> r = other.get("/health");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.body()).contains("\"status\":\"unavailable\"").contains("database does not answer");
        } finally {
            other.close();
        }
    }

    /**
     * Slow clients: half send their headers one byte at a time and never finish, half send
     * complete headers and then a body one byte at a time. Each gets a byte every 200 ms, well
     * inside the idle timeout, so only a bound on threads (not on silence) protects the app.
     */
    private static final class Trickle implements AutoCloseable {
        private final List<Socket> sockets = new ArrayList<>();
        private final List<byte[]> pending = new ArrayList<>();
        private final List<Integer> sent = new ArrayList<>();
        private final java.util.Set<Integer> refused = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        private final java.util.concurrent.CountDownLatch firstRound = new java.util.concurrent.CountDownLatch(1);

        Trickle(int port, int count) throws Exception {
            for (int i = 0; i < count; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.setTcpNoDelay(true);
                String headers = "POST /slack/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 100000\r\nX-Slack-Request-Timestamp: 1\r\nX-Slack-Signature: v0=00\r\n\r\n";
                byte[] all;
                if (i % 2 == 0) {
                    all = headers.getBytes(StandardCharsets.US_ASCII);
                } else {
                    s.getOutputStream().write(headers.getBytes(StandardCharsets.US_ASCII));
                    all = "{\"pad\":\"".concat("y".repeat(1000)).getBytes(StandardCharsets.US_ASCII);
                }
                sockets.add(s);
                pending.add(all);
                sent.add(0);
            }
            // Bounded: at most 30 s of ticking, then the trickle stops by itself.
            long stopAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            ticker.scheduleAtFixedRate(() -> {
                if (System.nanoTime() > stopAt) {
                    ticker.shutdown();
                    return;
                }
                for (int i = 0; i < sockets.size(); i++) {
                    int n = sent.get(i);
                    if (n < pending.get(i).length - 1) {
                        try {
                            OutputStream out = sockets.get(i).getOutputStream();
                            out.write(pending.get(i)[n]);
                            out.flush();
                            sent.set(i, n + 1);
                        } catch (Exception e) {
                            refused.add(i); // closed by the server: counted by stillOpen()
                        }
                    }
                }
                firstRound.countDown();
            }, 0, 200, TimeUnit.MILLISECONDS);
        }

        void awaitOpen() throws InterruptedException {
            firstRound.await(10, TimeUnit.SECONDS);
        }

        long stillOpen() {
            return sockets.size() - refused.size();
        }

        @Override
        public void close() throws java.io.IOException {
            ticker.shutdownNow();
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}
