package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.slack.BotHarness;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.calls;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubAnyPermalink;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TaggingReactions;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.InboxRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two replicas of the app on one database share a burst of events: every entry exactly once. */
class CaptureReplicasTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final String[] EMOJI = {"pushpin", "rotating_light", "mag", "adhesive_bandage", "dart", "memo"};
    static final int MESSAGES = 30;

    static WireMockServer slack;
    static BotHarness a;
    static BotHarness b;

    @BeforeAll
    static void start() throws Exception {
        slack = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        slack.start();
        AtomicReference<CaptureFeature> fa = new AtomicReference<>();
        AtomicReference<CaptureFeature> fb = new AtomicReference<>();
        a = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(), CaptureFixtures.captureOnly(fa), slack);
        b = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(), CaptureFixtures.captureOnly(fb), slack);
        fa.get().startupReconciliation().get();
        fb.get().startupReconciliation().get();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        slack.stop();
    }

    private static void settle() {
        CaptureFixtures.settle(() -> {
            a.drain();
            b.drain();
        }, testDb.jdbi());
    }

    /** One delivery: an event id and its body. */
    private record Delivery(String id, String body) {
    }

    @Test
    void burstOfDuplicatedEventsOnTwoReplicas_makesEachEntryAndEachConfirmationExactlyOnce() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), CHANNEL, false);
        stubAnyPermalink(slack, CHANNEL);
        stubReactionsAdd(slack);

        // Messages first, as Slack delivers them (before anyone can react).
        List<Delivery> messages = new ArrayList<>();
        for (int i = 0; i < MESSAGES; i++) {
            messages.add(new Delivery("EvM" + i, message(CHANNEL, ts(100 + i), "U1", "step " + i)));
        }
        deliver(messages);
        settle();

        // Each message: two people react with the same emoji, and odd messages also get a
        // second kind. Every delivery goes to both replicas (Slack retrying after a timeout),
        // and some reactions arrive again under a second event id.
        List<Delivery> reactions = new ArrayList<>();
        Set<String> expected = new HashSet<>();
        int n = 0;
        for (int i = 0; i < MESSAGES; i++) {
            String ts = ts(100 + i);
            String emoji = EMOJI[i % EMOJI.length];
            expected.add(ts + "/" + emoji);
            reactions.add(new Delivery("EvR" + n++, reactionAdded("U2", emoji, CHANNEL, ts, ts(900 + i))));
            reactions.add(new Delivery("EvR" + n++, reactionAdded("U3", emoji, CHANNEL, ts, ts(900 + i))));
            reactions.add(new Delivery("EvR" + n++, reactionAdded("U2", emoji, CHANNEL, ts, ts(900 + i))));
            if (i % 2 == 1) {
                String second = EMOJI[(i + 1) % EMOJI.length];
                expected.add(ts + "/" + second);
                reactions.add(new Delivery("EvR" + n++, reactionAdded("U4", second, CHANNEL, ts, ts(950 + i))));
            }
        }
        List<Delivery> burst = new ArrayList<>();
        for (Delivery d : reactions) {
            burst.add(d);
            burst.add(d);
        }
        assertThat(burst.size()).isGreaterThanOrEqualTo(200);
        deliver(burst);
        settle();

        InboxRepository inbox = testDb.jdbi().onDemand(InboxRepository.class);
        assertThat(inbox.countByStatus()).containsExactly("done=" + (MESSAGES + reactions.size()));
        List<TimelineEntry> entries = testDb.jdbi().onDemand(TimelineRepository.class)
                .listForIncident(TEAM, inc.number());
        assertThat(entries).hasSize(expected.size());
        assertThat(entries.stream().map(e -> e.messageTs() + "/" + emojiOf(e)).toList())
                .containsExactlyInAnyOrderElementsOf(expected);
        int tags = testDb.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM entry_tags")
                .mapTo(Integer.class).one());
        assertThat(tags).isEqualTo(MESSAGES * 2 + MESSAGES / 2);
        int created = testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM entry_audit WHERE action = 'created'").mapTo(Integer.class).one());
        assertThat(created).isEqualTo(expected.size());
        assertThat(calls(slack, "reactions.add")).isEqualTo(expected.size());
        assertThat(calls(slack, "reactions.get")).isZero();
    }

    private static String emojiOf(TimelineEntry e) {
        return TaggingReactions.defaults().emojiFor(e.kind()).orElseThrow();
    }

    /** Sends every delivery from a few threads at once, alternating between the two replicas. */
    private static void deliver(List<Delivery> deliveries) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < deliveries.size(); i++) {
                BotHarness to = i % 2 == 0 ? a : b;
                Delivery d = deliveries.get(i);
                statuses.add(pool.submit(() -> to.event(d.id(), d.body()).statusCode()));
            }
            for (Future<Integer> s : statuses) {
                assertThat(s.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
    }
}
