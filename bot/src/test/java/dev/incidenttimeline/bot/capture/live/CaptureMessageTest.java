package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.OTHER_CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.PRIVATE_CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.botMessage;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.calls;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.callsBesidesAuth;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.deleted;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.edited;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.fileShare;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.memberJoined;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.permalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.pin;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionRemoved;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.threadReply;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.tombstone;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.domain.CachedMessage;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.SlackTs;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.MessageCacheRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The message cache, edits, deletes, pins and participants, from signed events to the running app. */
class CaptureMessageTest {
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

    private static void send(String id, String eventJson) throws Exception {
        assertThat(bot.event(id, eventJson).statusCode()).isEqualTo(200);
        settle();
    }

    private MessageCacheRepository cache() {
        return testDb.jdbi().onDemand(MessageCacheRepository.class);
    }

    private TimelineRepository timeline() {
        return testDb.jdbi().onDemand(TimelineRepository.class);
    }

    private List<TimelineEntry> live() {
        return timeline().listForIncident(TEAM, inc.number());
    }

    @Test
    void messagesInPublicAndPrivateIncidentChannels_areCached_andMoveWhereReconciliationResumes() throws Exception {
        Incident secret = CaptureFixtures.incident(testDb.jdbi(), PRIVATE_CHANNEL, true);
        send("Ev1", message(CHANNEL, ts(10), "U1", "checkout 500s"));
        send("Ev2", message(PRIVATE_CHANNEL, ts(11), "U2", "customer data not exposed"));

        assertThat(cache().find(TEAM, CHANNEL, ts(10))).hasValueSatisfying(m -> {
            assertThat(m.userId()).isEqualTo("U1");
            assertThat(m.text()).isEqualTo("checkout 500s");
            assertThat(m.postedAt()).isEqualTo(SlackTs.toInstant(ts(10)));
        });
        assertThat(cache().find(TEAM, PRIVATE_CHANNEL, ts(11))).isPresent();
        assertThat(cache().latestTs(TEAM, CHANNEL)).contains(ts(10));
        assertThat(cache().latestTs(TEAM, PRIVATE_CHANNEL)).contains(ts(11));
        assertThat(callsBesidesAuth(bot.slack)).isEmpty();
    }

    @Test
    void messagesInOtherChannels_areNotCached() throws Exception {
        send("Ev1", message(OTHER_CHANNEL, ts(10), "U1", "lunch?"));
        send("Ev2", threadReply(OTHER_CHANNEL, ts(11), ts(10), "U2", "sure"));
        assertThat(cache().count(TEAM, OTHER_CHANNEL)).isZero();
    }

    @Test
    void threadReplies_fileShares_andBotMessages_areCached() throws Exception {
        send("Ev1", message(CHANNEL, ts(10), "U1", "checkout is down"));
        send("Ev2", threadReply(CHANNEL, ts(11), ts(10), "U2", "looking"));
        send("Ev3", fileShare(CHANNEL, ts(12), "U3", "graph attached", "errors.png"));
        send("Ev4", botMessage(CHANNEL, ts(13), "BPAGER", "[FIRING] CheckoutErrorRate"));

        assertThat(cache().find(TEAM, CHANNEL, ts(11))).map(CachedMessage::threadTs).contains(ts(10));
        assertThat(cache().find(TEAM, CHANNEL, ts(12))).hasValueSatisfying(m -> {
            assertThat(m.subtype()).isEqualTo("file_share");
            assertThat(m.files()).singleElement().satisfies(f -> {
                assertThat(f.name()).isEqualTo("errors.png");
                assertThat(f.permalink()).isEqualTo("https://t.slack.com/files/U3/F1/errors.png");
            });
        });
        assertThat(cache().find(TEAM, CHANNEL, ts(13))).hasValueSatisfying(m -> {
            assertThat(m.botId()).isEqualTo("BPAGER");
            assertThat(m.userId()).isNull();
            assertThat(m.text()).isEqualTo("[FIRING] CheckoutErrorRate");
        });
        assertThat(cache().count(TEAM, CHANNEL)).isEqualTo(4);
    }

    @Test
    void taggedBotMessage_isAuthoredByItsBot() throws Exception {
        stubPermalink(bot.slack, CHANNEL, ts(13));
        send("Ev1", botMessage(CHANNEL, ts(13), "BPAGER", "[FIRING] CheckoutErrorRate"));
        send("Ev2", reactionAdded("U2", "rotating_light", CHANNEL, ts(13), ts(600)));
        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.DETECTION);
            assertThat(e.authorId()).isEqualTo("BPAGER");
        });
    }

    @Test
    void editOfTaggedMessage_updatesTheEntry_andKeepsTheEarlierTextAsRevision() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        send("Ev1", message(CHANNEL, ts, "U1", "root cause: bad config push"));
        send("Ev2", reactionAdded("U2", "dart", CHANNEL, ts, ts(600)));
        send("Ev3", edited(CHANNEL, ts, "U1", "root cause: bad config push to the payment gateway",
                "root cause: bad config push", ts(700)));

        // What an export reads: the live timeline, in order.
        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.ROOT_CAUSE);
            assertThat(e.text()).isEqualTo("root cause: bad config push to the payment gateway");
            assertThat(e.occurredAt()).isEqualTo(SlackTs.toInstant(ts));
        });
        long id = live().get(0).id();
        assertThat(timeline().listRevisions(TEAM, id)).containsExactly("root cause: bad config push");
        assertThat(timeline().listAudit(TEAM, id)).containsExactly("created", "edited");
        assertThat(cache().find(TEAM, CHANNEL, ts)).hasValueSatisfying(m -> {
            assertThat(m.text()).isEqualTo("root cause: bad config push to the payment gateway");
            assertThat(m.editedTs()).isEqualTo(ts(700));
        });

        // The same edit delivered again changes nothing.
        send("Ev4", edited(CHANNEL, ts, "U1", "root cause: bad config push to the payment gateway",
                "root cause: bad config push", ts(700)));
        assertThat(timeline().listRevisions(TEAM, id)).hasSize(1);
    }

    @Test
    void editOfAnUntaggedMessage_onlyRefreshesTheCache() throws Exception {
        send("Ev1", message(CHANNEL, ts(10), "U1", "typo"));
        send("Ev2", edited(CHANNEL, ts(10), "U1", "fixed", "typo", ts(20)));
        assertThat(cache().find(TEAM, CHANNEL, ts(10))).map(CachedMessage::text).contains("fixed");
        assertThat(timeline().listAllForIncident(TEAM, inc.number())).isEmpty();
    }

    @Test
    void deleteOfTaggedMessage_flagsTheEntry_andAuditsIt() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        send("Ev1", message(CHANNEL, ts, "U1", "restarting the payment pods"));
        send("Ev2", reactionAdded("U2", "pushpin", CHANNEL, ts, ts(600)));
        send("Ev3", deleted(CHANNEL, ts, ts(700)));

        assertThat(live()).isEmpty();
        TimelineEntry entry = timeline().listAllForIncident(TEAM, inc.number()).get(0);
        assertThat(entry.deleted()).isTrue();
        assertThat(timeline().listAudit(TEAM, entry.id())).containsExactly("created", "deleted");
        assertThat(cache().find(TEAM, CHANNEL, ts)).map(CachedMessage::deleted).contains(true);

        // A late reaction on the deleted message does not bring it back.
        send("Ev4", reactionAdded("U3", "pushpin", CHANNEL, ts, ts(800)));
        assertThat(live()).isEmpty();
    }

    @Test
    void deletedThreadParentLeftAsTombstone_flagsItsEntry() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        send("Ev1", message(CHANNEL, ts, "U1", "checkout is down"));
        send("Ev2", reactionAdded("U2", "rotating_light", CHANNEL, ts, ts(600)));
        send("Ev3", tombstone(CHANNEL, ts, ts(700)));
        assertThat(live()).isEmpty();
        assertThat(cache().find(TEAM, CHANNEL, ts)).map(CachedMessage::deleted).contains(true);
    }

    @Test
    void pinnedMessage_becomesAnEvent_andUnpinningRemovesIt() throws Exception {
        String ts = ts(10);
        send("Ev1", pin("pin_added", "U2", CHANNEL, ts, "U1", "status page updated", ts(600)));

        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.EVENT);
            assertThat(e.authorId()).isEqualTo("U1");
            assertThat(e.taggedBy()).isEqualTo("U2");
            assertThat(e.text()).isEqualTo("status page updated");
            assertThat(e.permalink()).isEqualTo(permalink(CHANNEL, ts));
        });
        // The pin event carried the message and its permalink: no Slack call, and no confirmation.
        assertThat(callsBesidesAuth(bot.slack)).isEmpty();
        assertThat(cache().find(TEAM, CHANNEL, ts)).isPresent();

        // Someone else unpins it.
        send("Ev2", pin("pin_removed", "U3", CHANNEL, ts, "U1", "status page updated", ts(700))
                .replace("\"created_by\":\"U3\"", "\"created_by\":\"U2\""));
        assertThat(live()).isEmpty();
    }

    @Test
    void pinAndPushpinOnOneMessage_areOneEntry_thatLivesWhileEitherRemains() throws Exception {
        String ts = ts(10);
        stubPermalink(bot.slack, CHANNEL, ts);
        send("Ev1", message(CHANNEL, ts, "U1", "status page updated"));
        send("Ev2", reactionAdded("U2", "pushpin", CHANNEL, ts, ts(600)));
        send("Ev3", pin("pin_added", "U2", CHANNEL, ts, "U1", "status page updated", ts(610)));
        assertThat(live()).hasSize(1);
        send("Ev4", reactionRemoved("U2", "pushpin", CHANNEL, ts, ts(620)));
        assertThat(live()).hasSize(1);
        send("Ev5", pin("pin_removed", "U2", CHANNEL, ts, "U1", "status page updated", ts(630)));
        assertThat(live()).isEmpty();
    }

    @Test
    void memberJoiningTheChannel_isAParticipantOnce_andTheBotIsNot() throws Exception {
        send("Ev1", memberJoined("U5", CHANNEL, ts(30)));
        send("Ev2", memberJoined("U5", CHANNEL, ts(40)));
        send("Ev3", memberJoined(BotHarness.BOT_USER, CHANNEL, ts(31)));
        send("Ev4", memberJoined("U6", OTHER_CHANNEL, ts(32)));

        assertThat(testDb.jdbi().onDemand(ParticipantRepository.class).list(TEAM, inc.number()))
                .extracting(Participant::userId).containsExactly("U5");
        assertThat(live()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.PARTICIPANT);
            assertThat(e.authorId()).isEqualTo("U5");
            assertThat(e.occurredAt()).isEqualTo(SlackTs.toInstant(ts(30)));
        });
        assertThat(calls(bot.slack, "chat.postMessage")).isZero();
    }
}
