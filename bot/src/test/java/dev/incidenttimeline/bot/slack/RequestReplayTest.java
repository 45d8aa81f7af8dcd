package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.bot.home.AppHomeFeature;
import dev.incidenttimeline.bot.incident.DeclareModalTest;
import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.NEW_CHANNEL;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidents;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.replyText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Replayed and double-submitted requests, and Slack's signature window, through signed
 * requests to the running app.
 */
class RequestReplayTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final Instant T0 = Instant.parse("2030-11-22T09:30:00Z");
    static final MutableClock clock = new MutableClock(T0);
    static final String FORM = "application/x-www-form-urlencoded";
    static BotHarness bot;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), clock,
                ctx -> List.of(new IncidentCommandFeature(ctx), new AppHomeFeature(ctx)));
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @BeforeEach
    void clean() {
        testDb.truncateAll();
        clock.set(T0);
        CommandTestSupport.stubSlack(bot);
    }

    /** Where the declare form was opened from, as the form's private metadata carries it. */
    private static String origin(String channel) {
        return "{\"channel\":\"" + channel + "\",\"response_url\":\"" + bot.slack.baseUrl() + "/response/"
                + channel + "\"}";
    }

    private static List<TimelineEntry> entries(Incident inc) {
        return testDb.jdbi().onDemand(TimelineRepository.class).listForIncident(BotHarness.TEAM, inc.number());
    }

    @Test
    void replayedDeclare_sameSignedRequestTwice_declaresOneIncidentWithOneChannel() throws Exception {
        String body = bot.commandBody("declare Checkout errors sev2", "CGENERAL", ALICE);
        long ts = BotHarness.nowSeconds();

        HttpResponse<String> first = bot.send(body, FORM, ts, BotHarness.SECRET, Map.of());
        HttpResponse<String> replay = bot.send(body, FORM, ts, BotHarness.SECRET, Map.of());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(replyText(first)).startsWith("Declaring *INC-");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).contains("\"response_type\":\"ephemeral\"");
        assertThat(replyText(replay)).startsWith("Already done");
        await(bot, "the channel of the first declare", () -> incidents(bot).size() == 1
                && NEW_CHANNEL.equals(incidents(bot).get(0).channelId()));
        assertThat(incidents(bot)).hasSize(1);
        assertThat(calls(bot, "conversations.create")).hasSize(1);
    }

    @Test
    void twoDeclaresWithTheSameText_areTwoRequests_andBothAct() throws Exception {
        bot.command("declare Checkout errors sev2", "CGENERAL", ALICE);
        HttpResponse<String> second = bot.command("declare Checkout errors sev2", "CGENERAL", ALICE);

        assertThat(replyText(second)).startsWith("Declaring *INC-");
        await(bot, "two incidents", () -> incidents(bot).size() == 2);
    }

    @Test
    void doubleSubmittedDeclareForm_declaresOneIncident() throws Exception {
        String form = DeclareModalTest.submission("Search is slow", "SEV3", false, "p99 above 2 s",
                origin("CGENERAL"));

        HttpResponse<String> first = bot.interaction(form);
        HttpResponse<String> again = bot.interaction(form);

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).isEmpty();
        await(bot, "the incident of the first submission", () -> incidents(bot).size() == 1
                && incidents(bot).get(0).channelId() != null);
        assertThat(incidents(bot)).singleElement().extracting(Incident::title).isEqualTo("Search is slow");
        assertThat(calls(bot, "conversations.create")).hasSize(1);
    }

    @Test
    void declareFormSentBackWithErrors_canBeSubmittedAgainOnceCorrected() throws Exception {
        String blank = DeclareModalTest.submission("  ", "SEV3", false, "", origin("CGENERAL"));
        assertThat(bot.interaction(blank).body()).contains("\"response_action\":\"errors\"");
        assertThat(bot.interaction(blank).body()).contains("\"response_action\":\"errors\"");

        bot.interaction(DeclareModalTest.submission("Search is slow", "SEV3", false, "",
                origin("CGENERAL")));
        await(bot, "the incident", () -> incidents(bot).size() == 1);
    }

    @Test
    void replayedNote_isNotedOnce() throws Exception {
        Incident inc = incidentIn(bot, "CINC", "DB failover");
        String body = bot.commandBody("note Failed over to the replica", "CINC", BOB);
        long ts = BotHarness.nowSeconds();

        bot.send(body, FORM, ts, BotHarness.SECRET, Map.of());
        HttpResponse<String> replay = bot.send(body, FORM, ts, BotHarness.SECRET, Map.of());

        assertThat(replyText(replay)).startsWith("Already done");
        assertThat(entries(inc)).filteredOn(e -> e.kind() == EntryKind.NOTE).hasSize(1);
    }

    @Test
    void noteWithNulCharacter_isNotedWithoutIt() throws Exception {
        Incident inc = incidentIn(bot, "CINC", "DB failover");

        HttpResponse<String> r = bot.command("note paused\u0000 writes", "CINC", BOB);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(replyText(r)).isEqualTo("Noted on the timeline of " + inc.key() + ".");
        assertThat(entries(inc)).filteredOn(e -> e.kind() == EntryKind.NOTE).singleElement()
                .extracting(TimelineEntry::text).isEqualTo("paused writes");
    }

    @Test
    void signatureStampedMoreThanFiveMinutesAhead_isRefusedWith401_andChangesNothing() throws Exception {
        String body = bot.commandBody("declare Checkout errors", "CGENERAL", ALICE);

        HttpResponse<String> r = bot.send(body, FORM, BotHarness.nowSeconds() + 10 * 60, BotHarness.SECRET, Map.of());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(incidents(bot)).isEmpty();
        assertThat(calls(bot, "conversations.create")).isEmpty();
    }

    @Test
    void signatureStampedAFewMinutesAhead_isAccepted() throws Exception {
        String body = bot.commandBody("help", "CGENERAL", ALICE);

        HttpResponse<String> r = bot.send(body, FORM, BotHarness.nowSeconds() + 4 * 60, BotHarness.SECRET, Map.of());

        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void eventStampedMoreThanFiveMinutesAhead_isRefusedWith401_andNotStored() throws Exception {
        HttpResponse<String> r = bot.send(BotHarness.envelope("EvFuture", "{\"type\":\"app_home_opened\",\"user\":\"U1\"}"),
                "application/json", BotHarness.nowSeconds() + 6 * 60, BotHarness.SECRET, Map.of());

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(CommandTestSupport.count(bot, "slack_events")).isZero();
    }
}
