package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.store.InboxRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class HttpServingTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static BotHarness bot;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(), ctx -> List.of());
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @BeforeEach
    void clean() {
        testDb.truncateAll();
        // Reactions are stored only from incident channels (others are dropped at the door).
        CommandTestSupport.incidentIn(bot, "C1", "Checkout errors");
    }

    private static final String REACTION = "{\"type\":\"reaction_added\",\"user\":\"U1\",\"reaction\":\"pushpin\","
            + "\"item\":{\"type\":\"message\",\"channel\":\"C1\",\"ts\":\"1700000000.000100\"},"
            + "\"item_user\":\"U2\",\"event_ts\":\"1700000001.000200\"}";

    @Test
    void health_isOkOnceReady() throws Exception {
        HttpResponse<String> r = bot.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("ok");
    }

    @Test
    void urlVerification_answersTheChallenge() throws Exception {
        String body = "{\"token\":\"x\",\"challenge\":\"c-123\",\"type\":\"url_verification\"}";
        HttpResponse<String> r = bot.send(body, "application/json", BotHarness.nowSeconds(), BotHarness.SECRET, Map.of());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("c-123");
    }

    @Test
    void event_isStoredBeforeItIsAcknowledged_andRetriesAreNotStoredTwice() throws Exception {
        assertThat(bot.event("Ev1", REACTION).statusCode()).isEqualTo(200);
        assertThat(bot.eventRetry("Ev1", REACTION, 1).statusCode()).isEqualTo(200);
        assertThat(bot.eventRetry("Ev1", REACTION, 2).statusCode()).isEqualTo(200);
        Integer rows = bot.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slack_events")
                .mapTo(Integer.class).one());
        assertThat(rows).isEqualTo(1);
        bot.drain();
        assertThat(bot.jdbi().onDemand(InboxRepository.class).status(BotHarness.TEAM, "Ev1")).contains("done");
    }

    @Test
    void badSignature_is401_andNothingIsStored() throws Exception {
        String body = BotHarness.envelope("Ev2", REACTION);
        HttpResponse<String> r = bot.send(body, "application/json", BotHarness.nowSeconds(), "wrong-secret", Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(countEvents()).isZero();
    }

    @Test
    void staleTimestamp_is401_andNothingIsStored() throws Exception {
        String body = BotHarness.envelope("Ev3", REACTION);
        long sixMinutesAgo = BotHarness.nowSeconds() - 6 * 60;
        HttpResponse<String> r = bot.send(body, "application/json", sixMinutesAgo, BotHarness.SECRET, Map.of());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(countEvents()).isZero();
    }

    @Test
    void oversizedBody_isRefused_andNothingIsStored() throws Exception {
        String big = "{\"type\":\"event_callback\",\"pad\":\"" + "x".repeat(SlackHttpServer.MAX_BODY_BYTES) + "\"}";
        HttpResponse<String> r = bot.send(big, "application/json", BotHarness.nowSeconds(), BotHarness.SECRET, Map.of());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(countEvents()).isZero();
    }

    @Test
    void nonJsonBody_isRefused_andNothingIsStored() throws Exception {
        HttpResponse<String> r = bot.send("{\"type\":\"event_callback\",\"event_id\":", "application/json",
                BotHarness.nowSeconds(), BotHarness.SECRET, Map.of());
        assertThat(r.statusCode()).isBetween(400, 499);
        assertThat(countEvents()).isZero();
    }

    @Test
    void replayedRequest_insideTheWindow_isAcknowledgedButStoredOnce() throws Exception {
        String body = BotHarness.envelope("Ev4", REACTION);
        long ts = BotHarness.nowSeconds();
        assertThat(bot.send(body, "application/json", ts, BotHarness.SECRET, Map.of()).statusCode()).isEqualTo(200);
        assertThat(bot.send(body, "application/json", ts, BotHarness.SECRET, Map.of()).statusCode()).isEqualTo(200);
        assertThat(countEvents()).isEqualTo(1);
    }

    @Test
    void replayedRequest_afterTheWindow_is401() throws Exception {
        String body = BotHarness.envelope("Ev5", REACTION);
        long signedLongAgo = BotHarness.nowSeconds() - 301;
        assertThat(bot.send(body, "application/json", signedLongAgo, BotHarness.SECRET, Map.of()).statusCode())
                .isEqualTo(401);
        assertThat(countEvents()).isZero();
    }

    private static int countEvents() {
        return bot.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slack_events").mapTo(Integer.class).one());
    }
}
