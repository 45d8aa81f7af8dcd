package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.calls;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.callsBesidesAuth;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.pin;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.threadReply;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** How a tag is confirmed (TAG_CONFIRMATION), custom emoji (TIMELINE_REACTIONS) and pins (PIN_EVENTS). */
class CaptureConfirmationTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();

    BotHarness bot;
    Incident inc;

    @BeforeEach
    void clean() {
        testDb.truncateAll();
        inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
    }

    private void start(Map<String, String> env) throws Exception {
        AtomicReference<CaptureFeature> feature = new AtomicReference<>();
        bot = new BotHarness(testDb.jdbcUrl(), env, Clock.systemUTC(), CaptureFixtures.captureOnly(feature));
        feature.get().startupReconciliation().get();
        bot.resetSlack();
        stubReactionsAdd(bot.slack);
    }

    private void send(String id, String eventJson) throws Exception {
        assertThat(bot.event(id, eventJson).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
    }

    private List<TimelineEntry> live() {
        return testDb.jdbi().onDemand(TimelineRepository.class).listForIncident(TEAM, inc.number());
    }

    @Test
    void threadConfirmation_isAQuietReplyInTheMessagesThread_once() throws Exception {
        start(Map.of("TAG_CONFIRMATION", "thread"));
        String parent = ts(10);
        String reply = ts(20);
        stubPermalink(bot.slack, CHANNEL, parent);
        stubPermalink(bot.slack, CHANNEL, reply);
        send("Ev1", message(CHANNEL, parent, "U1", "checkout is down"));
        send("Ev2", threadReply(CHANNEL, reply, parent, "U3", "pool exhausted"));
        send("Ev3", reactionAdded("U2", "rotating_light", CHANNEL, parent, ts(600)));
        send("Ev4", reactionAdded("U4", "rotating_light", CHANNEL, parent, ts(601)));
        send("Ev5", reactionAdded("U2", "mag", CHANNEL, reply, ts(602)));

        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo(CHANNEL)).withFormParam("thread_ts", equalTo(parent))
                .withFormParam("text", equalTo("Added to the " + inc.key() + " timeline as Detection.")));
        // A reply is confirmed in its own thread, not as a new thread under the reply.
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("thread_ts", equalTo(parent))
                .withFormParam("text", equalTo("Added to the " + inc.key() + " timeline as Finding.")));
        assertThat(calls(bot.slack, "chat.postMessage")).isEqualTo(2);
        assertThat(calls(bot.slack, "reactions.add")).isZero();
    }

    @Test
    void noConfirmation_storesTheEntryAndSaysNothing_andPinsCanBeTurnedOff() throws Exception {
        start(Map.of("TAG_CONFIRMATION", "none", "PIN_EVENTS", "false"));
        stubPermalink(bot.slack, CHANNEL, ts(10));
        send("Ev1", message(CHANNEL, ts(10), "U1", "deploy 4512 started"));
        send("Ev2", reactionAdded("U2", "pushpin", CHANNEL, ts(10), ts(600)));
        send("Ev3", pin("pin_added", "U2", CHANNEL, ts(11), "U1", "status page updated", ts(610)));

        assertThat(live()).singleElement().extracting(TimelineEntry::messageTs).isEqualTo(ts(10));
        // The permalink is built from the workspace's address: no Slack call at all.
        assertThat(callsBesidesAuth(bot.slack)).isEmpty();
    }

    @Test
    void customTaggingEmoji_replaceTheDefaults_andTheConfirmationIsNeverATaggingEmoji() throws Exception {
        start(Map.of("TIMELINE_REACTIONS", "white_check_mark=mitigation,fire=detection"));
        stubPermalink(bot.slack, CHANNEL, ts(10));
        send("Ev1", message(CHANNEL, ts(10), "U1", "rolled back"));
        send("Ev2", reactionAdded("U2", "pushpin", CHANNEL, ts(10), ts(600)));
        assertThat(live()).isEmpty();

        send("Ev3", reactionAdded("U2", "white_check_mark", CHANNEL, ts(10), ts(601)));
        assertThat(live()).singleElement().extracting(TimelineEntry::kind).isEqualTo(EntryKind.MITIGATION);
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/reactions.add"))
                .withFormParam("name", equalTo("heavy_check_mark")));
    }
}
