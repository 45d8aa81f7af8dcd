package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.deleted;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.edited;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.permalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.pin;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionRemoved;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubAnyPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsGet;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Capture does not depend on the order Slack delivers events in: the same events, delivered
 * in shuffled orders through signed requests and processed one by one, end in the state the
 * natural order gives. The event bodies have the shapes of the SDK's recorded samples
 * (slackapi/java-slack-sdk, json-logs/samples/events: MessagePayload, MessageChangedPayload,
 * MessageDeletedPayload, ReactionAddedPayload, ReactionRemovedPayload, PinAddedPayload,
 * PinRemovedPayload), built by {@link CaptureFixtures}.
 */
class CaptureOrderTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final AtomicReference<CaptureFeature> feature = new AtomicReference<>();
    static final int SHUFFLES = 12;
    static BotHarness bot;

    static final String M1 = ts(10);
    static final String M2 = ts(20);
    static final String M3 = ts(30);
    static final String M1_EDITED = "error rate climbing on checkout, 12% of requests";
    static final String M3_TEXT = "Action: alert on payment queue depth owner <@U0ANNA>";

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
    void stubs() {
        bot.resetSlack();
        stubReactionsAdd(bot.slack);
        stubAnyPermalink(bot.slack, CHANNEL);
        // Slack answers with the message as it is once everything happened: edited, or deleted.
        stubReactionsGet(bot.slack, CHANNEL, M1, "U1", M1_EDITED, permalink(CHANNEL, M1), "pushpin", "U4");
        stubReactionsGet(bot.slack, CHANNEL, M3, "U1", M3_TEXT, permalink(CHANNEL, M3), "rotating_light", "U2");
        bot.slack.stubFor(post(urlPathEqualTo("/api/reactions.get")).withFormParam("timestamp", equalTo(M2))
                .willReturn(okJson("{\"ok\":false,\"error\":\"message_not_found\"}")));
    }

    /** One delivery: its event body, in the natural order of the events' own times. */
    record Delivery(String name, String event) {
    }

    /**
     * An incident channel's morning, in time order: a mis-click fixed within a second, an
     * edit, tags by several people, a pin and an unpin by different people, a tagged message
     * deleted, an action tagged by mistake and un-tagged.
     */
    static List<Delivery> naturalOrder() {
        List<Delivery> d = new ArrayList<>();
        d.add(new Delivery("M1 posted", message(CHANNEL, M1, "U1", "error rate climbing")));
        d.add(new Delivery("U2 adds pushpin on M1", reactionAdded("U2", "pushpin", CHANNEL, M1, ts(11))));
        d.add(new Delivery("U2 removes pushpin on M1", reactionRemoved("U2", "pushpin", CHANNEL, M1, ts(12))));
        d.add(new Delivery("U3 adds mag on M1", reactionAdded("U3", "mag", CHANNEL, M1, ts(13))));
        d.add(new Delivery("M1 edited", edited(CHANNEL, M1, "U1", M1_EDITED, "error rate climbing", ts(14))));
        d.add(new Delivery("M2 posted", message(CHANNEL, M2, "U2", "maybe the cache?")));
        d.add(new Delivery("U3 removes mag on M1", reactionRemoved("U3", "mag", CHANNEL, M1, ts(21))));
        d.add(new Delivery("U3 adds mag on M2", reactionAdded("U3", "mag", CHANNEL, M2, ts(22))));
        d.add(new Delivery("M2 edited", edited(CHANNEL, M2, "U2", "maybe the CDN cache?", "maybe the cache?", ts(23))));
        d.add(new Delivery("M2 deleted", deleted(CHANNEL, M2, ts(24))));
        d.add(new Delivery("U4 adds pushpin on M1", reactionAdded("U4", "pushpin", CHANNEL, M1, ts(25))));
        d.add(new Delivery("M3 posted", message(CHANNEL, M3, "U1", M3_TEXT)));
        d.add(new Delivery("U2 adds memo on M3", reactionAdded("U2", "memo", CHANNEL, M3, ts(31))));
        d.add(new Delivery("U2 removes memo on M3", reactionRemoved("U2", "memo", CHANNEL, M3, ts(32))));
        d.add(new Delivery("U2 adds rotating_light on M3", reactionAdded("U2", "rotating_light", CHANNEL, M3, ts(33))));
        d.add(new Delivery("U1 pins M1", pin("pin_added", "U1", CHANNEL, M1, "U1", M1_EDITED, ts(40))));
        d.add(new Delivery("U2 unpins M1", pin("pin_removed", "U2", CHANNEL, M1, "U1", M1_EDITED, ts(41))));
        d.add(new Delivery("U2 pins M3", pin("pin_added", "U2", CHANNEL, M3, "U1", M3_TEXT, ts(42))));
        return d;
    }

    /** Delivers each event through a signed request and lets it be processed before the next. */
    private static State run(List<Delivery> order, String idPrefix) throws Exception {
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        testDb.truncateAll();
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        int i = 0;
        for (Delivery d : order) {
            assertThat(bot.event(idPrefix + "-" + i++, d.event()).statusCode()).as(d.name()).isEqualTo(200);
            CaptureFixtures.settle(bot::drain, testDb.jdbi());
        }
        return State.of(inc);
    }

    @Test
    void shuffledDeliveries_endInTheStateOfTheNaturalOrder() throws Exception {
        State natural = run(naturalOrder(), "EvNatural");
        assertThat(natural.liveEntries()).containsExactly(
                "event " + M1 + " U1: " + M1_EDITED,
                "detection " + M3 + " U1: " + M3_TEXT,
                "event " + M3 + " U1: " + M3_TEXT);
        assertThat(natural.presentTags()).containsExactly(
                M1 + " pushpin U4",
                M3 + " (pinned) (channel)",
                M3 + " rotating_light U2");
        assertThat(natural.actionItems()).containsExactly("alert on payment queue depth owner U0ANNA");

        for (int seed = 1; seed <= SHUFFLES; seed++) {
            List<Delivery> shuffled = new ArrayList<>(naturalOrder());
            Collections.shuffle(shuffled, new Random(seed));
            State state = run(shuffled, "EvShuffle" + seed);
            assertThat(state).as("seed %d, order %s", seed, shuffled.stream().map(Delivery::name).toList())
                    .isEqualTo(natural);
        }
    }

    @Test
    void removalDeliveredBeforeItsAdd_leavesTheMessageUntagged() throws Exception {
        State state = run(List.of(
                new Delivery("M1 posted", message(CHANNEL, M1, "U1", "error rate climbing")),
                new Delivery("U2 removes pushpin on M1", reactionRemoved("U2", "pushpin", CHANNEL, M1, ts(12))),
                new Delivery("U2 adds pushpin on M1", reactionAdded("U2", "pushpin", CHANNEL, M1, ts(11)))),
                "EvRemoveFirst");

        assertThat(state.liveEntries()).isEmpty();
        assertThat(state.presentTags()).isEmpty();
    }

    @Test
    void unpinDeliveredBeforeItsPin_leavesTheMessageOffTheTimeline() throws Exception {
        State state = run(List.of(
                new Delivery("M1 posted", message(CHANNEL, M1, "U1", "error rate climbing")),
                new Delivery("U2 unpins M1", pin("pin_removed", "U2", CHANNEL, M1, "U1", "error rate climbing", ts(41))),
                new Delivery("U1 pins M1", pin("pin_added", "U1", CHANNEL, M1, "U1", "error rate climbing", ts(40)))),
                "EvUnpinFirst");

        assertThat(state.liveEntries()).isEmpty();
    }

    @Test
    void deleteDeliveredBeforeTheMessageAndItsTag_keepsItOffTheTimeline() throws Exception {
        State state = run(List.of(
                new Delivery("M2 deleted", deleted(CHANNEL, M2, ts(24))),
                new Delivery("M2 posted", message(CHANNEL, M2, "U2", "maybe the cache?")),
                new Delivery("U3 adds mag on M2", reactionAdded("U3", "mag", CHANNEL, M2, ts(22)))),
                "EvDeleteFirst");

        assertThat(state.liveEntries()).isEmpty();
        assertThat(state.messages()).containsExactly(M2 + " deleted");
    }

    @Test
    void editDeliveredBeforeItsMessage_keepsTheEditedText() throws Exception {
        State state = run(List.of(
                new Delivery("M1 edited", edited(CHANNEL, M1, "U1", M1_EDITED, "error rate climbing", ts(14))),
                new Delivery("M1 posted", message(CHANNEL, M1, "U1", "error rate climbing")),
                new Delivery("U3 adds mag on M1", reactionAdded("U3", "mag", CHANNEL, M1, ts(13)))),
                "EvEditFirst");

        assertThat(state.messages()).containsExactly(M1 + " " + M1_EDITED);
        assertThat(state.liveEntries()).containsExactly("finding " + M1 + " U1: " + M1_EDITED);
    }

    @Test
    void reactionProcessedBeforeItsMessage_waitsForTheMessageInsteadOfReadingItFromSlack() throws Exception {
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        testDb.truncateAll();
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        // The reaction first, and the message stored before any worker can capture the reaction,
        // as under load when two workers claim them: the incident row is held here (FOR UPDATE,
        // which capture's key-share lock waits for) until both are stored.
        try (Handle hold = testDb.jdbi().open()) {
            hold.begin();
            hold.createQuery("SELECT number FROM incidents WHERE team_id = :t AND number = :n FOR UPDATE")
                    .bind("t", inc.teamId()).bind("n", inc.number()).mapTo(Long.class).one();
            assertThat(bot.event("EvReactionFirst-0", reactionAdded("U3", "mag", CHANNEL, M1, ts(13))).statusCode())
                    .isEqualTo(200);
            assertThat(bot.event("EvReactionFirst-1", message(CHANNEL, M1, "U1", "error rate climbing"))
                    .statusCode()).isEqualTo(200);
            hold.commit();
        }
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

        // The text is the message's own event's, not what reactions.get answers (the edited text).
        assertThat(State.of(inc).liveEntries()).containsExactly("finding " + M1 + " U1: error rate climbing");
        assertThat(bot.slack.findAll(postRequestedFor(urlPathEqualTo("/api/reactions.get")))).isEmpty();
    }

    /**
     * What capture left that anyone can see or that decides what comes next: live entries,
     * the cached messages, the tags present on messages that still exist, the incident's key
     * times and its action items. (Audit trails and revisions record the order things
     * arrived in, so they are left out; so are tags on deleted messages, which Slack itself
     * can no longer show.)
     */
    record State(List<String> liveEntries, List<String> messages, List<String> presentTags, List<String> keyTimes,
            List<String> actionItems) {

        static State of(Incident inc) {
            return testDb.jdbi().withHandle(h -> new State(
                    h.createQuery("""
                            SELECT kind || ' ' || message_ts || ' ' || coalesce(author_id, '-') || ': ' || text
                            FROM timeline_entries
                            WHERE team_id = :team AND incident_number = :inc AND NOT deleted AND message_ts IS NOT NULL
                            ORDER BY message_ts, kind
                            """).bind("team", TEAM).bind("inc", inc.number()).mapTo(String.class).list(),
                    h.createQuery("""
                            SELECT ts || ' ' || CASE WHEN deleted THEN 'deleted' ELSE text END
                            FROM message_cache WHERE team_id = :team ORDER BY ts
                            """).bind("team", TEAM).mapTo(String.class).list(),
                    h.createQuery("""
                            SELECT t.message_ts || ' ' || t.reaction || ' ' || t.user_id
                            FROM entry_tags t
                            WHERE t.team_id = :team AND t.present AND NOT EXISTS (
                                SELECT 1 FROM message_cache m WHERE m.team_id = t.team_id
                                  AND m.channel_id = t.channel_id AND m.ts = t.message_ts AND m.deleted)
                            ORDER BY 1
                            """).bind("team", TEAM).mapTo(String.class).list(),
                    h.attach(IncidentRepository.class).find(TEAM, inc.number())
                            .map(i -> List.of("detected " + i.detectedAt(), "mitigated " + i.mitigatedAt()))
                            .orElseThrow(),
                    h.createQuery("""
                            SELECT text || coalesce(' owner ' || owner_id, '') FROM action_items
                            WHERE team_id = :team AND incident_number = :inc ORDER BY number
                            """).bind("team", TEAM).bind("inc", inc.number()).mapTo(String.class).list()));
        }
    }
}
