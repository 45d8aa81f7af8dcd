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
    void anIncidentAnotherReplicaIsReconciling_isSkippedOnStart_andTakenOverOnceItsLeaseRunsOut() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubHistory(page(null, react(msg(ts(30), "U1", "dns fixed"), "adhesive_bandage", "U2")));
        // Another replica holds the lease (a row, not a session lock) for five more minutes.
        testDb.jdbi().useHandle(h -> h.execute("""
                INSERT INTO reconcile_runs (team_id, incident_number, locked_by, locked_until)
                VALUES (?, ?, 'other-replica', now() + interval '5 minutes')
                """, TEAM, inc.number()));
        CaptureFeature app = startApp();

        assertThat(app.startupReconciliation().get().busy()).isEqualTo(1);
        assertThat(calls(slack, "conversations.history")).isZero();

        // That replica died: its lease runs out, and the next run takes it over.
        testDb.jdbi().useHandle(h -> h.execute("UPDATE reconcile_runs SET locked_until = now() - interval '1 second'"));
        app.reconciler().reconcile(TEAM, inc);
        assertThat(live(inc)).hasSize(1);
        assertThat(run(inc)).containsEntry("locked_by", null).containsEntry("next_cursor", null);
        assertThat(run(inc).get("finished_at")).isNotNull();
    }

    /** The incident's row of reconcile_runs, as columns. */
    private static Map<String, Object> run(Incident inc) {
        return testDb.jdbi().withHandle(h -> h.createQuery("""
                SELECT locked_by, next_cursor, pages, oldest, finished_at FROM reconcile_runs
                WHERE team_id = :t AND incident_number = :n
                """).bind("t", TEAM).bind("n", inc.number()).mapToMap().one());
    }

    /*
     * Pages in the shape of Slack's conversations.history reference (docs.slack.dev, "conversations.history",
     * and java-slack-sdk json-logs/samples/api/conversations.history.json): newest first, "has_more", and
     * "response_metadata": {"next_cursor": "bmV4dF90czox..."} (base64 of next_ts:<ts>), "" on the last page.
     */
    static final String CURSOR_2 = "bmV4dF90czoxODAwMDAwMDIwMDAwMTAw";
    static final String CURSOR_3 = "bmV4dF90czoxODAwMDAwMDEwMDAwMTAw";

    private static void stubHistoryPage(String cursor, String body) {
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history"))
                .withFormParam("cursor", cursor == null ? absent() : equalTo(cursor)).willReturn(okJson(body)));
    }

    private static int historyCalls(String cursor) {
        return slack.findAll(postRequestedFor(urlPathEqualTo("/api/conversations.history"))
                .withFormParam("cursor", cursor == null ? absent() : equalTo(cursor))).size();
    }

    @Test
    void aRunStoppedHalfWay_keepsThePagesItApplied_andTheNextStartResumesAtItsSavedCursor() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubHistoryPage(null, page(CURSOR_2, react(msg(ts(30), "U1", "rolled back"), "adhesive_bandage", "U2"),
                msg(ts(29), "U1", "rolling back")));
        stubHistoryPage(CURSOR_2, page(CURSOR_3, react(msg(ts(20), "U3", "pool exhausted"), "mag", "U2")));
        // The third page fails for good the first time (the run stops there), and answers afterwards.
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).withFormParam("cursor", equalTo(CURSOR_3))
                .inScenario("third").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(okJson("{\"ok\":false,\"error\":\"not_in_channel\"}")).willSetStateTo("back"));
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).withFormParam("cursor", equalTo(CURSOR_3))
                .inScenario("third").whenScenarioStateIs("back")
                .willReturn(okJson(page(null, react(msg(ts(10), "U4", "checkout errors"), "rotating_light", "U4")))));

        BotHarness first = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(),
                CaptureFixtures.captureOnly(new AtomicReference<>()), slack);
        running.add(first);
        awaitRun(inc, r -> "2".equals(String.valueOf(r.get("pages"))) && r.get("locked_by") == null);
        first.close();
        running.remove(first);

        // Pages one and two are applied and counted; the cursor of page three is kept.
        assertThat(live(inc)).extracting(TimelineEntry::kind).containsExactlyInAnyOrder(EntryKind.MITIGATION,
                EntryKind.FINDING);
        assertThat(run(inc)).containsEntry("next_cursor", CURSOR_3).containsEntry("finished_at", null);
        assertThat(testDb.jdbi().onDemand(IncidentRepository.class).find(TEAM, inc.number()).orElseThrow()
                .lastMessageTs()).as("the watermark moves only when a run is finished").isNull();

        // The next start resumes at page three: pages one and two are not read again.
        startApp();
        settle();
        assertThat(historyCalls(null)).isEqualTo(1);
        assertThat(historyCalls(CURSOR_2)).isEqualTo(1);
        assertThat(historyCalls(CURSOR_3)).isEqualTo(2);
        assertThat(live(inc)).extracting(TimelineEntry::kind).containsExactly(EntryKind.DETECTION,
                EntryKind.FINDING, EntryKind.MITIGATION);
        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).count(TEAM, CHANNEL)).isEqualTo(4);
        assertThat(run(inc)).containsEntry("next_cursor", null).containsEntry("locked_by", null);
        assertThat(run(inc).get("finished_at")).isNotNull();
        assertThat(testDb.jdbi().onDemand(IncidentRepository.class).find(TEAM, inc.number()).orElseThrow()
                .lastMessageTs()).isEqualTo(ts(30));
    }

    private static void awaitRun(Incident inc, java.util.function.Predicate<Map<String, Object>> condition) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            List<Map<String, Object>> rows = testDb.jdbi().withHandle(h -> h.createQuery("""
                    SELECT locked_by, next_cursor, pages, finished_at FROM reconcile_runs
                    WHERE team_id = :t AND incident_number = :n
                    """).bind("t", TEAM).bind("n", inc.number()).mapToMap().list());
            if (!rows.isEmpty() && condition.test(rows.get(0))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the reconciliation run never reached the expected state: " + rows);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void whileSlackIsPaged_noConnectionTransactionOrSessionLockIsHeld() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubHistory(page(null));
        CaptureFeature app = startApp();
        settle();
        slack.resetRequests();
        slack.resetMappings();
        stubAnyPermalink(slack, CHANNEL);
        stubReactionsAdd(slack);
        stubHistoryPage(null, page(CURSOR_2, msg(ts(30), "U1", "two"), msg(ts(29), "U1", "one")));
        // Slack takes its time over page two: long enough to look at the database meanwhile.
        slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).withFormParam("cursor", equalTo(CURSOR_2))
                .willReturn(okJson(page(null, msg(ts(20), "U2", "zero"))).withFixedDelay(4000)));
        com.zaxxer.hikari.HikariDataSource pool = (com.zaxxer.hikari.HikariDataSource) running.get(0).db.dataSource();

        java.util.concurrent.CompletableFuture<Reconciler.Result> result = java.util.concurrent.CompletableFuture
                .supplyAsync(() -> app.reconciler().reconcile(TEAM, inc));
        // Page one is applied and its cursor saved, so the run is now waiting on page two.
        awaitRun(inc, r -> CURSOR_2.equals(r.get("next_cursor")) && r.get("locked_by") != null);
        boolean idle = false;
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(3).toNanos();
        while (!idle && System.nanoTime() < deadline) {
            idle = pool.getHikariPoolMXBean().getActiveConnections() == 0;
        }
        assertThat(idle).as("no pooled connection in use while page two is read").isTrue();
        int advisory = testDb.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM pg_locks l JOIN pg_database d ON d.oid = l.database
                WHERE l.locktype = 'advisory' AND d.datname = current_database()
                """).mapTo(Integer.class).one());
        int inTransaction = testDb.jdbi().withHandle(h -> h.createQuery("""
                SELECT count(*) FROM pg_stat_activity
                WHERE datname = current_database() AND state LIKE 'idle in transaction%'
                """).mapTo(Integer.class).one());
        // Still on page two: what was seen was seen during the call.
        assertThat(run(inc)).containsEntry("next_cursor", CURSOR_2).containsEntry("finished_at", null);
        assertThat(advisory).as("advisory locks held").isZero();
        assertThat(inTransaction).as("transactions left open").isZero();

        assertThat(result.get().messages()).isEqualTo(3);
        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).count(TEAM, CHANNEL)).isEqualTo(3);
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
