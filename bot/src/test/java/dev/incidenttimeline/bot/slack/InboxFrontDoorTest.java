package dev.incidenttimeline.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.OTHER_CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.botMessage;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.TestDatabase;
import com.slack.api.bolt.request.RequestHeaders;
import com.slack.api.bolt.request.builtin.EventRequest;
import com.slack.api.bolt.response.Response;
import dev.incidenttimeline.bot.config.Settings;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The inbox is the first thing an event meets after the signature check: stored before any
 * Slack call can fail, dropped when it is from a channel nothing is captured in, and stored
 * whatever text it holds.
 */
class InboxFrontDoorTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final AtomicReference<CaptureFeature> feature = new AtomicReference<>();
    static BotHarness bot;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(), CaptureFixtures.captureOnly(feature));
        feature.get().startupReconciliation().get();
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @BeforeEach
    void clean() {
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        testDb.truncateAll();
        bot.resetSlack();
        CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
    }

    private static int stored() {
        return testDb.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slack_events")
                .mapTo(Integer.class).one());
    }

    private static CachedMessage cached(String ts) {
        return testDb.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, ts).orElseThrow();
    }

    @Test
    void burstOfBotMessages_whileBotsInfoAnswers429_isAckedAndStored() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/bots.info"))
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30")));

        for (int i = 0; i < 20; i++) {
            HttpResponse<String> r = bot.event("EvAlert" + i, botMessage(CHANNEL, ts(100 + i), "BPAGER",
                    "[FIRING] CheckoutErrorRate #" + i));
            assertThat(r.statusCode()).as("delivery %d", i).isEqualTo(200);
        }

        assertThat(stored()).isEqualTo(20);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(cached(ts(119)).text()).isEqualTo("[FIRING] CheckoutErrorRate #19");
        assertThat(cached(ts(119)).botId()).isEqualTo("BPAGER");
    }

    @Test
    void deliveriesWaitingForTheirCommit_areAFlood_holdNoThread_andEachIsStoredOnceTheDatabaseAnswers()
            throws Exception {
        // More than the server has handler threads: a door that held one per delivery would
        // leave nothing to answer anything else with.
        int deliveries = SlackHttpServer.MAX_THREADS + 16;
        java.util.concurrent.ExecutorService senders = java.util.concurrent.Executors.newFixedThreadPool(deliveries);
        List<java.util.concurrent.Future<HttpResponse<String>>> answers = new java.util.ArrayList<>();
        try (org.jdbi.v3.core.Handle holder = testDb.jdbi().open()) {
            // Every insert into the inbox waits behind this lock, as behind a slow commit.
            holder.begin();
            holder.execute("LOCK TABLE slack_events IN EXCLUSIVE MODE");
            for (int i = 0; i < deliveries; i++) {
                String id = "EvFlood" + i;
                String text = "retry storm #" + i;
                String at = ts(300 + i);
                answers.add(senders.submit(() -> bot.event(id, message(CHANNEL, at, "U1", text))));
            }
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
            while (bot.runtime.deliveriesInFlight().count() < deliveries) {
                assertThat(System.nanoTime()).as("every delivery waiting at once").isLessThan(deadline);
                Thread.onSpinWait();
            }
            assertThat(bot.runtime.deliveriesInFlight().flooding()).isTrue();
            java.net.http.HttpResponse<String> health = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(bot.url("/health")))
                            .timeout(java.time.Duration.ofSeconds(5)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as("answered while the deliveries wait").isEqualTo(200);
            holder.rollback();
        } finally {
            senders.shutdown();
        }
        for (var answer : answers) {
            assertThat(answer.get(20, java.util.concurrent.TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(bot.runtime.deliveriesInFlight().flooding()).isFalse();
        assertThat(stored()).isEqualTo(deliveries);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(cached(ts(300 + deliveries - 1)).text()).isEqualTo("retry storm #" + (deliveries - 1));
    }

    @Test
    void theBotsOwnMessages_areStored_butNotCaptured() throws Exception {
        String own = message(CHANNEL, ts(5), BotHarness.BOT_USER, "INC-1 declared");

        assertThat(bot.event("EvOwn", own).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, ts(5))).isEmpty();
    }

    @Test
    void messagesAndReactionsInOtherChannels_areAckedAndDroppedAtTheDoor() throws Exception {
        assertThat(bot.event("EvGen1", message(OTHER_CHANNEL, ts(1), "U1", "lunch?")).statusCode()).isEqualTo(200);
        assertThat(bot.event("EvGen2", reactionAdded("U2", "pushpin", OTHER_CHANNEL, ts(1), ts(2))).statusCode())
                .isEqualTo(200);

        assertThat(stored()).isZero();
    }

    @Test
    void channelThatBecomesAnIncidentChannel_isLookedUpAgain() throws Exception {
        bot.event("EvNew1", message("C0LATER", ts(1), "U1", "before the incident"));
        assertThat(stored()).isZero();

        // Another replica declares an incident in that channel.
        CaptureFixtures.incident(testDb.jdbi(), "C0LATER", false);
        bot.event("EvNew2", message("C0LATER", ts(2), "U1", "after the incident"));

        assertThat(stored()).isEqualTo(1);
    }

    @Test
    void messageWithNulCharacter_isStored_andCapturedWithoutIt() throws Exception {
        // The shape of the SDK's recorded MessagePayload sample, with U+0000 (legal JSON) in its text.
        String event = message(CHANNEL, ts(30), "U1", "db\u0000 is down");
        assertThat(event).contains("\\u0000");

        HttpResponse<String> r = bot.event("EvNul", event);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(stored()).isEqualTo(1);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(cached(ts(30)).text()).isEqualTo("db is down");
        String status = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM slack_events WHERE event_id = 'EvNul'").mapTo(String.class).one());
        assertThat(status).isEqualTo("done");
    }

    @Test
    void aDeliveryWithLineBreaks_isVerifiedOverItsExactBytes_andStoredAsSent() throws Exception {
        // Slack signs the bytes it sends; a body read back line by line (as Bolt's servlet
        // reads it) loses its CR LF line breaks and no longer matches the signature.
        String body = BotHarness.envelope("EvCrLf", message(CHANNEL, ts(40), "U1", "db is down"))
                .replace(",\"event\":", ",\r\n  \"event\":");
        assertThat(body).contains("\r\n");

        HttpResponse<String> r = bot.send(body, "application/json", BotHarness.nowSeconds(), BotHarness.SECRET, Map.of());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        byte[] stored = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT body FROM slack_events WHERE event_id = 'EvCrLf'").mapTo(byte[].class).one());
        assertThat(stored).isEqualTo(body.getBytes(StandardCharsets.UTF_8));
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(cached(ts(40)).text()).isEqualTo("db is down");
    }

    @Test
    void inSocketMode_deliveriesAreTakenInByBoltsChain_withTheSameAnswers() throws Exception {
        // Socket Mode hands Bolt an EventRequest built from the envelope's payload, with no
        // signature to check: the front door in Bolt's chain stores it as the HTTP door does.
        Settings socketMode = Settings.fromEnv(Map.of("SLACK_BOT_TOKEN", "xoxb-socket-mode-test",
                "SLACK_APP_TOKEN", "xapp-socket-mode-test", "SLACK_API_URL", bot.slack.baseUrl() + "/api/"));
        AtomicInteger woken = new AtomicInteger();
        SlackApp slackApp = SlackAppFactory.create(socketMode, SlackAppFactory.slack(socketMode), testDb.dataSource(),
                woken::incrementAndGet, List.of());
        assertThat(slackApp.eventDoor("/slack/events", 1 << 20)).as("no HTTP door without a signing secret").isEmpty();
        RequestHeaders headers = new RequestHeaders(Map.of());
        String inChannel = BotHarness.envelope("EvSock1", message(CHANNEL, ts(50), "U1", "db is down"));
        String elsewhere = BotHarness.envelope("EvSock2", message(OTHER_CHANNEL, ts(51), "U1", "lunch?"));
        String noEventId = inChannel.replace("\"event_id\":\"EvSock1\",", "");

        Response stored = slackApp.app().run(socketModeRequest(inChannel, headers));
        Response again = slackApp.app().run(socketModeRequest(inChannel, headers));
        Response dropped = slackApp.app().run(socketModeRequest(elsewhere, headers));
        Response refused = slackApp.app().run(socketModeRequest(noEventId, headers));

        assertThat(List.of(stored.getStatusCode(), again.getStatusCode(), dropped.getStatusCode()))
                .containsExactly(200, 200, 200);
        assertThat(refused.getStatusCode()).isEqualTo(400);
        assertThat(refused.getBody()).contains("event_callback needs team_id, event_id and event.type");
        assertThat(woken).as("woken once: the retry was stored already").hasValue(1);
        List<String> storedIds = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT event_id FROM slack_events ORDER BY event_id").mapTo(String.class).list());
        assertThat(storedIds).containsExactly("EvSock1");
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(cached(ts(50)).text()).isEqualTo("db is down");
    }

    /** An events_api envelope's payload as Bolt's Socket Mode request parser hands it to the app. */
    private static EventRequest socketModeRequest(String payload, RequestHeaders headers) {
        EventRequest r = new EventRequest(payload, headers);
        r.setSocketMode(true);
        return r;
    }
}
