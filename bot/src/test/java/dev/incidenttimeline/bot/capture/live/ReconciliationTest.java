package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.calls;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubAnyPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.capture.live.Reconciler;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.JobRunRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Back-filling what the bot missed while it was stopped, on start and on demand. */
class ReconciliationTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final ObjectMapper JSON = new ObjectMapper();
    static WireMockServer slack;

    final List<BotHarness> running = new ArrayList<>();

    @BeforeAll
    static void startSlack() {
        slack = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        slack.start();
    }

    @AfterAll
    static void stopSlack() {
        slack.stop();
    }

    @BeforeEach
    void clean() {
        testDb.truncateAll();
        slack.resetAll();
        stubAnyPermalink(slack, CHANNEL);
        stubReactionsAdd(slack);
    }

    @AfterEach
    void stopBots() {
        running.forEach(BotHarness::close);
    }

    /** Starts a replica of the app and waits for its start-up reconciliation. */
    private CaptureFeature startApp() throws Exception {
        AtomicReference<CaptureFeature> feature = new AtomicReference<>();
        BotHarness bot = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(),
                CaptureFixtures.captureOnly(feature), slack);
        running.add(bot);
        feature.get().startupReconciliation().get();
        return feature.get();
    }

    private void settle() {
        CaptureFixtures.settle(() -> running.forEach(BotHarness::drain), testDb.jdbi());
    }

    private static ObjectNode msg(String ts, String user, String text) {
        return JSON.createObjectNode().put("type", "message").put("user", user).put("text", text).put("ts", ts);
    }

    private static ObjectNode react(ObjectNode m, String emoji, String... users) {
        ArrayNode reactions = m.has("reactions") ? (ArrayNode) m.get("reactions") : m.putArray("reactions");
        ArrayNode u = reactions.addObject().put("name", emoji).put("count", users.length).putArray("users");
        for (String user : users) {
            u.add(user);
        }
        return m;
    }

    private static String page(String nextCursor, ObjectNode... messages) {
        ObjectNode r = JSON.createObjectNode().put("ok", true).put("has_more", nextCursor != null);
        ArrayNode list = r.putArray("messages");
        for (ObjectNode m : messages) {
            list.add(m);
        }
        r.putObject("response_metadata").put("next_cursor", nextCursor == null ? "" : nextCursor);
        return r.toString();
    }

    private static void stubHistory(String body) {
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).willReturn(okJson(body)));
    }

    private static void stubReplies(String threadTs, String body) {
        slack.stubFor(post(urlPathEqualTo("/api/conversations.replies")).withFormParam("ts", equalTo(threadTs))
                .willReturn(okJson(body)));
    }

    private List<TimelineEntry> live(Incident inc) {
        return testDb.jdbi().onDemand(TimelineRepository.class).listForIncident(TEAM, inc.number());
    }

    @Test
    void onStart_tagsEditsAndThreadRepliesMadeWhileStopped_areBackFilled_once() throws Exception {
        // The app runs, sees a message and its tag, and is stopped.
        BotHarness first = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(),
                CaptureFixtures.captureOnly(new AtomicReference<>()), slack);
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        first.event("Ev1", message(CHANNEL, ts(10), "U4", "rolling back"));
        CaptureFixtures.settle(first::drain, testDb.jdbi());
        first.event("Ev2", reactionAdded("U4", "adhesive_bandage", CHANNEL, ts(10), ts(11)));
        CaptureFixtures.settle(first::drain, testDb.jdbi());
        first.close();
        assertThat(live(inc)).hasSize(1);

        // Meanwhile in Slack: the message is edited, a new message is tagged by two people,
        // and a reply in a new thread is tagged.
        ObjectNode edited = react(msg(ts(10), "U4", "rolled back to 4511"), "adhesive_bandage", "U4");
        edited.putObject("edited").put("user", "U4").put("ts", ts(300));
        ObjectNode detected = react(msg(ts(200), "U1", "checkout errors spiking"), "rotating_light", "U7", "U8");
        ObjectNode parent = msg(ts(210), "U2", "investigating").put("thread_ts", ts(210)).put("reply_count", 1)
                .put("latest_reply", ts(220));
        ObjectNode reply = react(msg(ts(220), "U3", "connection pool exhausted").put("thread_ts", ts(210)),
                "mag", "U9");
        ObjectNode plain = react(msg(ts(230), "U5", "ack"), "thumbsup", "U1");
        stubHistory(page(null, plain, parent, detected, edited));
        stubReplies(ts(210), page(null, parent, reply));

        CaptureFeature app = startApp();
        settle();

        List<TimelineEntry> entries = live(inc);
        assertThat(entries).extracting(TimelineEntry::kind)
                .containsExactly(EntryKind.MITIGATION, EntryKind.DETECTION, EntryKind.FINDING);
        TimelineRepository timeline = testDb.jdbi().onDemand(TimelineRepository.class);
        assertThat(entries.get(0).text()).isEqualTo("rolled back to 4511");
        assertThat(timeline.listRevisions(TEAM, entries.get(0).id())).containsExactly("rolling back");
        assertThat(entries.get(1).authorId()).isEqualTo("U1");
        assertThat(entries.get(2).threadTs()).isEqualTo(ts(210));
        assertThat(entries.get(2).taggedBy()).isEqualTo("U9");
        assertThat(entries).allSatisfy(e -> assertThat(e.permalink()).isNotNull());
        MessageCacheRepository cache = testDb.jdbi().onDemand(MessageCacheRepository.class);
        assertThat(cache.listForChannel(TEAM, CHANNEL)).extracting(CachedMessage::ts)
                .containsExactly(ts(10), ts(200), ts(210), ts(220), ts(230));
        assertThat(testDb.jdbi().onDemand(IncidentRepository.class).find(TEAM, inc.number()).orElseThrow()
                .lastMessageTs()).isEqualTo(ts(230));
        // Read from the watermark (the last message seen) less the look-back, not from the start.
        String oldest = (CaptureFixtures.DECLARED.getEpochSecond() + 10 - 3600) + ".000100";
        slack.verify(1, postRequestedFor(urlPathEqualTo("/api/conversations.history"))
                .withFormParam("channel", equalTo(CHANNEL)).withFormParam("oldest", equalTo(oldest)));
        slack.verify(1, postRequestedFor(urlPathEqualTo("/api/conversations.replies"))
                .withFormParam("ts", equalTo(ts(210))));
        assertThat(calls(slack, "reactions.add")).isEqualTo(3);

        // Again (on resolve): nothing new.
        Reconciler.Result again = app.reconciler().reconcile(TEAM, inc);
        settle();
        assertThat(again.entriesAdded()).isZero();
        assertThat(again.edits()).isZero();
        assertThat(live(inc)).hasSize(3);
        assertThat(timeline.listRevisions(TEAM, entries.get(0).id())).hasSize(1);
        int tags = testDb.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM entry_tags")
                .mapTo(Integer.class).one());
        assertThat(tags).isEqualTo(4);
        assertThat(calls(slack, "reactions.add")).isEqualTo(3);
    }

    @Test
    void withoutWatermark_theWholeChannelIsRead_pageByPage() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).withFormParam("cursor", absent())
                .willReturn(okJson(page("page-2", msg(ts(20), "U1", "two"), msg(ts(19), "U1", "one")))));
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).withFormParam("cursor", equalTo("page-2"))
                .willReturn(okJson(page(null, react(msg(ts(18), "U2", "declared by hand"), "pushpin", "U2")))));

        startApp();
        settle();

        slack.verify(2, postRequestedFor(urlPathEqualTo("/api/conversations.history"))
                .withFormParam("oldest", absent()));
        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).count(TEAM, CHANNEL)).isEqualTo(3);
        assertThat(live(inc)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.EVENT);
            assertThat(e.text()).isEqualTo("declared by hand");
        });
    }

    @Test
    void threadParentDeletedWhileStopped_leavesATombstone_thatFlagsItsEntry() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        ObjectNode parent = react(msg(ts(40), "U1", "checkout is down"), "rotating_light", "U2")
                .put("thread_ts", ts(40)).put("reply_count", 1).put("latest_reply", ts(41));
        stubHistory(page(null, parent));
        stubReplies(ts(40), page(null, parent, msg(ts(41), "U3", "looking").put("thread_ts", ts(40))));
        CaptureFeature app = startApp();
        assertThat(live(inc)).hasSize(1);

        ObjectNode tombstone = msg(ts(40), null, "This message was deleted.").put("subtype", "tombstone")
                .put("thread_ts", ts(40)).put("reply_count", 1).put("latest_reply", ts(41));
        tombstone.remove("user");
        stubHistory(page(null, tombstone));
        stubReplies(ts(40), page(null, tombstone, msg(ts(41), "U3", "looking").put("thread_ts", ts(40))));
        app.reconciler().reconcile(TEAM, inc);

        assertThat(live(inc)).isEmpty();
        assertThat(testDb.jdbi().onDemand(TimelineRepository.class).listAllForIncident(TEAM, inc.number()))
                .singleElement().satisfies(e -> assertThat(e.text()).isEqualTo("checkout is down"));
    }

    @Test
    void rateLimitedHistory_isReadAgainAfterRetryAfter() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubHistory(page(null, react(msg(ts(30), "U1", "dns fixed"), "adhesive_bandage", "U2")));
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).inScenario("limit")
                .whenScenarioStateIs("Started")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(429)
                        .withHeader("Retry-After", "1"))
                .willSetStateTo("limited"));

        startApp();
        settle();

        assertThat(calls(slack, "conversations.history")).isEqualTo(2);
        assertThat(live(inc)).singleElement().extracting(TimelineEntry::kind).isEqualTo(EntryKind.MITIGATION);
    }

    @Test
    void anIncidentAnotherReplicaIsReconciling_isSkippedOnStart() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubHistory(page(null, react(msg(ts(30), "U1", "dns fixed"), "adhesive_bandage", "U2")));
        try (Handle other = testDb.jdbi().open()) {
            assertThat(other.attach(JobRunRepository.class)
                    .tryLock("reconcile", TEAM, Long.toString(inc.number()))).isTrue();
            CaptureFeature app = startApp();

            assertThat(app.startupReconciliation().get().busy()).isEqualTo(1);
            assertThat(calls(slack, "conversations.history")).isZero();
            other.attach(JobRunRepository.class).unlock("reconcile", TEAM, Long.toString(inc.number()));

            app.reconciler().reconcile(TEAM, inc);
        }
        assertThat(live(inc)).hasSize(1);
    }

    @Test
    void twoReplicasReconcilingTheSameIncidentAtOnce_addEachEntryOnce() throws Exception {
        CaptureFeature a = startApp();
        CaptureFeature b = startApp();
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        List<ObjectNode> messages = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            messages.add(react(msg(ts(100 + i), "U1", "step " + i), i % 2 == 0 ? "pushpin" : "mag", "U2", "U3"));
        }
        stubHistory(page(null, messages.toArray(ObjectNode[]::new)));

        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Reconciler.Result>> results = new ArrayList<>();
            for (CaptureFeature app : List.of(a, b)) {
                Callable<Reconciler.Result> run = () -> {
                    together.await();
                    return app.reconciler().reconcile(TEAM, inc);
                };
                results.add(pool.submit(run));
            }
            int added = 0;
            for (Future<Reconciler.Result> r : results) {
                added += r.get().entriesAdded();
            }
            assertThat(added).isEqualTo(20);
        } finally {
            pool.shutdown();
        }
        settle();

        assertThat(live(inc)).hasSize(20);
        assertThat(calls(slack, "reactions.add")).isEqualTo(20);
    }
}
