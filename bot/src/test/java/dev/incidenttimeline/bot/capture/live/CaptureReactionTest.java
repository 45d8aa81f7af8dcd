package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.OTHER_CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.await;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.calls;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.callsBesidesAuth;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.permalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionRemoved;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.replyPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsGet;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.threadReply;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.InboxRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Tagging by reaction, through signed events to the running app, with WireMock as Slack. */
class CaptureReactionTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final AtomicReference<CaptureFeature> feature = new AtomicReference<>();
    static BotHarness bot;

    Incident inc;

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
        settle();
        testDb.truncateAll();
        bot.resetSlack();
        stubReactionsAdd(bot.slack);
        inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
    }

    private static void settle() {
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
    }

    private TimelineRepository timeline() {
        return testDb.jdbi().onDemand(TimelineRepository.class);
    }

    private List<TimelineEntry> live() {
        return timeline().listForIncident(TEAM, inc.number());
    }

    private void postMessage(String id, String ts, String user, String text) throws Exception {
        assertThat(bot.event(id, message(CHANNEL, ts, user, text)).statusCode()).isEqualTo(200);
        settle();
    }

    private void react(String id, String user, String emoji, String ts) throws Exception {
        react(id, user, emoji, ts, ts(600));
    }

    private void react(String id, String user, String emoji, String ts, String eventTs) throws Exception {
        assertThat(bot.event(id, reactionAdded(user, emoji, CHANNEL, ts, eventTs)).statusCode()).isEqualTo(200);
    }

    private void unreact(String id, String user, String emoji, String ts) throws Exception {
        assertThat(bot.event(id, reactionRemoved(user, emoji, CHANNEL, ts, ts(700))).statusCode()).isEqualTo(200);
    }

    @Test
    void taggingReaction_onCachedMessage_becomesEntryWithTheMessagesTimeAuthorTextAndPermalink() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "error rate is climbing on checkout");
        react("Ev2", "U2", "rotating_light", ts);
        settle();

        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.DETECTION);
            assertThat(e.source()).isEqualTo(EntrySource.REACTION);
            assertThat(e.occurredAt()).isEqualTo(SlackTs.toInstant(ts));
            assertThat(e.authorId()).isEqualTo("U1");
            assertThat(e.text()).isEqualTo("error rate is climbing on checkout");
            assertThat(e.taggedBy()).isEqualTo("U2");
            assertThat(e.messageTs()).isEqualTo(ts);
            assertThat(e.threadTs()).isNull();
            assertThat(e.permalink()).isEqualTo(permalink(CHANNEL, ts));
        });
        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, ts))
                .map(CachedMessage::permalink).contains(permalink(CHANNEL, ts));
        assertThat(testDb.jdbi().onDemand(IncidentRepository.class).find(TEAM, inc.number()).orElseThrow()
                .detectedAt()).isEqualTo(SlackTs.toInstant(ts));
        // Resolved from the cache: no lookup; one permalink; one confirmation that is not a tagging emoji.
        assertThat(calls(bot.slack, "reactions.get") + calls(bot.slack, "conversations.history")
                + calls(bot.slack, "conversations.replies")).isZero();
        // The permalink is built from the workspace's address (auth.test's url), as Slack builds it.
        assertThat(calls(bot.slack, "chat.getPermalink")).isZero();
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/reactions.add"))
                .withFormParam("channel", equalTo(CHANNEL)).withFormParam("timestamp", equalTo(ts))
                .withFormParam("name", equalTo("white_check_mark")));
    }

    @Test
    void eachConfiguredEmoji_tagsItsOwnKind_andOneMessageCanCarrySeveralKinds() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "rolled back the deploy, errors gone");
        react("Ev2", "U2", "adhesive_bandage", ts);
        react("Ev3", "U2", "dart", ts);
        react("Ev4", "U3", "mag", ts);
        settle();

        assertThat(live()).extracting(TimelineEntry::kind)
                .containsExactlyInAnyOrder(EntryKind.MITIGATION, EntryKind.ROOT_CAUSE, EntryKind.FINDING);
        assertThat(calls(bot.slack, "reactions.add")).isEqualTo(3);
    }

    @Test
    void memoReaction_makesAnActionItemOnce() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "Action: add an alert on checkout 5xx");
        react("Ev2", "U2", "memo", ts);
        react("Ev3", "U3", "memo", ts);
        settle();

        assertThat(live()).singleElement().extracting(TimelineEntry::kind).isEqualTo(EntryKind.ACTION);
        assertThat(testDb.jdbi().onDemand(ActionItemRepository.class).listForIncident(TEAM, inc.number()))
                .hasSize(1);
    }

    @Test
    void reactionOnThreadReply_tagsReplyAndLinksParent() throws Exception {
        String parent = ts(10);
        String reply = ts(20);
        stubPermalink(bot.slack, CHANNEL, reply);
        postMessage("Ev1", parent, "U1", "checkout is down");
        assertThat(bot.event("Ev2", threadReply(CHANNEL, reply, parent, "U3", "found it: pool exhausted"))
                .statusCode()).isEqualTo(200);
        settle();
        react("Ev3", "U2", "mag", reply);
        settle();

        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.FINDING);
            assertThat(e.messageTs()).isEqualTo(reply);
            assertThat(e.threadTs()).isEqualTo(parent);
            assertThat(e.isThreadReply()).isTrue();
            assertThat(e.authorId()).isEqualTo("U3");
        });
    }

    @Test
    void sameEventDeliveredThreeTimes_isOneEntry_andOneConfirmation() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "deploy 4512 started");
        String reaction = reactionAdded("U2", "pushpin", CHANNEL, ts, ts(600));
        bot.event("Ev2", reaction);
        bot.eventRetry("Ev2", reaction, 1);
        bot.eventRetry("Ev2", reaction, 2);
        // The same reaction again under another event id.
        bot.event("Ev3", reaction);
        settle();

        assertThat(live()).singleElement().extracting(TimelineEntry::kind).isEqualTo(EntryKind.EVENT);
        assertThat(timeline().listAudit(TEAM, live().get(0).id())).containsExactly("created");
        assertThat(calls(bot.slack, "reactions.add")).isEqualTo(1);
    }

    @Test
    void sameMessageTaggedByTwoPeople_isOneEntry_untilBothReactionsAreRemoved() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "db primary failed over");
        react("Ev2", "U2", "pushpin", ts);
        settle();
        react("Ev3", "U3", "pushpin", ts);
        settle();
        assertThat(live()).hasSize(1);
        long id = live().get(0).id();

        unreact("Ev4", "U2", "pushpin", ts);
        settle();
        assertThat(live()).singleElement().extracting(TimelineEntry::taggedBy).isEqualTo("U2");

        unreact("Ev5", "U3", "pushpin", ts);
        settle();
        assertThat(live()).isEmpty();
        assertThat(timeline().listAllForIncident(TEAM, inc.number())).singleElement()
                .satisfies(e -> assertThat(e.deleted()).isTrue());
        assertThat(timeline().listAudit(TEAM, id)).containsExactly("created", "tagged", "untagged");
        assertThat(calls(bot.slack, "reactions.add")).isEqualTo(1);
    }

    @Test
    void unreact_thenReactAgain_restoresTheEntry() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "feature flag checkout_v2 disabled");
        react("Ev2", "U2", "adhesive_bandage", ts);
        settle();
        unreact("Ev3", "U2", "adhesive_bandage", ts);
        settle();
        assertThat(live()).isEmpty();

        react("Ev4", "U2", "adhesive_bandage", ts, ts(800));
        settle();
        assertThat(live()).singleElement().extracting(TimelineEntry::kind).isEqualTo(EntryKind.MITIGATION);
        assertThat(timeline().listAudit(TEAM, live().get(0).id())).containsExactly("created", "untagged", "restored");
        assertThat(timeline().listAllForIncident(TEAM, inc.number())).hasSize(1);
    }

    @Test
    void removingAnotherEmojiOfTheSameMessage_keepsTheEntry() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        postMessage("Ev1", ts, "U1", "deploy 4512 started");
        react("Ev2", "U2", "pushpin", ts);
        settle();
        unreact("Ev3", "U2", "thumbsup", ts);
        unreact("Ev4", "U9", "pushpin", ts);
        settle();
        assertThat(live()).hasSize(1);
    }

    @Test
    void cacheMiss_readsTheMessageWithExactlyOneLookup_andCachesIt() throws Exception {
        String parent = ts(10);
        String reply = ts(20);
        stubReactionsGet(bot.slack, CHANNEL, reply, "U3", "replica lag is 40 s",
                replyPermalink(CHANNEL, reply, parent), "mag", "U2");
        react("Ev1", "U2", "mag", reply);
        settle();

        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.FINDING);
            assertThat(e.text()).isEqualTo("replica lag is 40 s");
            assertThat(e.authorId()).isEqualTo("U3");
            assertThat(e.threadTs()).isEqualTo(parent);
            assertThat(e.permalink()).isEqualTo(replyPermalink(CHANNEL, reply, parent));
        });
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/reactions.get"))
                .withFormParam("channel", equalTo(CHANNEL)).withFormParam("timestamp", equalTo(reply))
                .withFormParam("full", equalTo("1")));
        assertThat(calls(bot.slack, "conversations.history") + calls(bot.slack, "conversations.replies")
                + calls(bot.slack, "chat.getPermalink")).isZero();
        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).find(TEAM, CHANNEL, reply)).isPresent();

        // The next tag of that message is served from the cache.
        react("Ev2", "U4", "pushpin", reply);
        settle();
        assertThat(live()).hasSize(2);
        assertThat(calls(bot.slack, "reactions.get")).isEqualTo(1);
    }

    @Test
    void reactionOnAMessageSlackNoLongerHas_storesNothing() throws Exception {
        bot.slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/reactions.get"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"message_not_found\"}")));
        react("Ev1", "U2", "pushpin", ts(10));
        settle();
        assertThat(timeline().listAllForIncident(TEAM, inc.number())).isEmpty();
        assertThat(testDb.jdbi().onDemand(InboxRepository.class).status(TEAM, "Ev1")).contains("done");
    }

    @Test
    void rateLimitedMessageRead_isRetriedAfterRetryAfter_andTheEntryExistsOnce() throws Exception {
        String ts = ts(10);
        stubReactionsGet(bot.slack, CHANNEL, ts, "U1", "checkout pods OOMKilled", permalink(CHANNEL, ts), "mag", "U2");
        bot.rateLimitOnce("reactions.get", 1);
        react("Ev2", "U2", "mag", ts);
        settle();
        InboxRepository inbox = testDb.jdbi().onDemand(InboxRepository.class);

        await("the rate-limited event to succeed", Duration.ofSeconds(20), bot::drain,
                () -> inbox.status(TEAM, "Ev2").orElse("").equals("done"));
        settle();

        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.text()).isEqualTo("checkout pods OOMKilled");
            assertThat(e.permalink()).isEqualTo(permalink(CHANNEL, ts));
        });
        assertThat(calls(bot.slack, "reactions.get")).isEqualTo(2);
        assertThat(calls(bot.slack, "reactions.add")).isEqualTo(1);
        // The first attempt failed and was recorded; the second, after Retry-After, succeeded.
        int attempts = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT attempts FROM slack_events WHERE event_id = 'Ev2'").mapTo(Integer.class).one());
        assertThat(attempts).isEqualTo(2);
    }

    @Test
    void aMessageReadFromSlack_isReadWithNoTransactionOpen() throws Exception {
        // Slack answers slowly; while its answer is awaited, no transaction may hold the
        // event's row (the claiming transaction is committed before the call).
        String ts = ts(10);
        bot.slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/reactions.get"))
                .withFormParam("timestamp", equalTo(ts))
                .willReturn(okJson("{\"ok\":true,\"type\":\"message\",\"channel\":\"" + CHANNEL
                        + "\",\"message\":{\"type\":\"message\",\"user\":\"U1\",\"text\":\"pool exhausted\","
                        + "\"ts\":\"" + ts + "\",\"permalink\":\"" + permalink(CHANNEL, ts) + "\"}}")
                        .withFixedDelay(1500)));
        react("Ev1", "U2", "mag", ts);

        // The background worker picks the event up; wait until Slack has the request in hand.
        await("reactions.get to be in flight", Duration.ofSeconds(20), () -> { },
                () -> calls(bot.slack, "reactions.get") == 1);
        List<String> unlocked = testDb.jdbi().inTransaction(h -> h.createQuery(
                "SELECT event_id FROM slack_events WHERE event_id = 'Ev1' FOR UPDATE SKIP LOCKED")
                .mapTo(String.class).list());
        assertThat(unlocked).as("the event row is not held by a transaction during the Slack call").containsExactly("Ev1");

        await("the tag", Duration.ofSeconds(20), () -> { }, () -> !live().isEmpty());
        settle();
        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.text()).isEqualTo("pool exhausted");
            assertThat(e.permalink()).isEqualTo(permalink(CHANNEL, ts));
        });
        assertThat(calls(bot.slack, "reactions.get")).isEqualTo(1);
    }

    @Test
    void reactionInAnotherChannel_orWithAnotherEmoji_storesNothingAndCallsNothing() throws Exception {
        String ts = ts(10);
        assertThat(bot.event("Ev1", message(OTHER_CHANNEL, ts, "U1", "lunch?")).statusCode()).isEqualTo(200);
        assertThat(bot.event("Ev2", reactionAdded("U2", "pushpin", OTHER_CHANNEL, ts, ts(600))).statusCode())
                .isEqualTo(200);
        react("Ev3", "U2", "thumbsup", ts(11));
        react("Ev4", "U2", "tada", ts(12));
        unreact("Ev5", "U2", "thumbsup", ts(11));
        settle();

        assertThat(timeline().listAllForIncident(TEAM, inc.number())).isEmpty();
        assertThat(testDb.jdbi().onDemand(MessageCacheRepository.class).count(TEAM, OTHER_CHANNEL)).isZero();
        assertThat(callsBesidesAuth(bot.slack)).isEmpty();
        // The two events of the other channel are dropped at the door; the other three are stored and done.
        assertThat(testDb.jdbi().onDemand(InboxRepository.class).countByStatus()).containsExactly("done=3");
    }
}
