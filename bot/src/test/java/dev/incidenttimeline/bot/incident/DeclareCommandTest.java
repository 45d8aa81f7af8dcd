package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.home.AppHomeFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.NEW_CHANNEL;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.count;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidents;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.replyText;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.responseTexts;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.incidenttimeline.bot.incident.IncidentService;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /incident declare}: the incident, its channel, the intro, the topic, and every way it can fail. */
class DeclareCommandTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    /** Friday 2030-11-22 09:30 UTC (10:30 in Berlin). */
    static final Instant T0 = Instant.parse("2030-11-22T09:30:00Z");
    static final MutableClock clock = new MutableClock(T0);
    static BotHarness bot;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of("TIMEZONE", "Europe/Berlin"), clock,
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

    private static void awaitReply(String fragment) {
        await(bot, "a reply containing " + fragment,
                () -> responseTexts(bot).stream().anyMatch(t -> t.contains(fragment)));
    }

    @Test
    void declare_acksAtOnce_thenCreatesTheChannel_invitesTheDeclarer_postsTheIntro_andSetsTheTopic()
            throws Exception {
        HttpResponse<String> r = bot.command("declare Checkout errors after deploy sev2", "CGENERAL", ALICE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"response_type\":\"ephemeral\"");
        assertThat(replyText(r)).startsWith("Declaring *INC-").contains("Checkout errors after deploy (SEV2)");
        awaitReply("<#" + NEW_CHANNEL + ">");

        Incident inc = incidents(bot).get(0);
        String key = inc.key().toString();
        assertThat(replyText(r)).contains(key);
        assertThat(responseTexts(bot)).singleElement().asString()
                .isEqualTo("Declared *" + key + "*: Checkout errors after deploy (SEV2). You're the commander;"
                        + " the incident channel is <#" + NEW_CHANNEL + ">.");
        assertThat(inc.title()).isEqualTo("Checkout errors after deploy");
        assertThat(inc.severity()).isEqualTo(Severity.SEV2);
        assertThat(inc.status()).isEqualTo(IncidentStatus.INVESTIGATING);
        assertThat(inc.commanderId()).isEqualTo(ALICE);
        assertThat(inc.channelId()).isEqualTo(NEW_CHANNEL);
        assertThat(inc.channelName()).isEqualTo("inc-20301122-checkout-errors-after-deploy");
        assertThat(inc.declaredAt()).isEqualTo(T0);

        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/conversations.create"))
                .withFormParam("name", equalTo("inc-20301122-checkout-errors-after-deploy"))
                .withFormParam("is_private", equalTo("0")));
        await(bot, "invite, intro and topic", () -> calls(bot, "conversations.invite").size() == 1
                && calls(bot, "chat.postMessage").size() == 1 && calls(bot, "conversations.setTopic").size() == 1);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.invite"))
                .withFormParam("channel", equalTo(NEW_CHANNEL)).withFormParam("users", equalTo(ALICE)));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo(NEW_CHANNEL))
                .withFormParam("text", containing(key + " declared: Checkout errors after deploy"))
                .withFormParam("blocks", matchingJsonPath("$[0].text.text",
                        containing("*" + key + ": Checkout errors after deploy*")))
                .withFormParam("blocks", matchingJsonPath("$[1].fields[0].text", equalTo("*Severity*\nSEV2")))
                .withFormParam("blocks", matchingJsonPath("$[1].fields[2].text",
                        equalTo("*Commander*\n<@" + ALICE + ">")))
                .withFormParam("blocks", containing("/incident status identified"))
                .withFormParam("blocks", containing(":pushpin: event"))
                .withFormParam("blocks", containing(":adhesive_bandage: mitigation")));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.setTopic"))
                .withFormParam("channel", equalTo(NEW_CHANNEL))
                .withFormParam("topic", equalTo(key + " · SEV2 · investigating · IC <@" + ALICE
                        + "> · Checkout errors after deploy")));

        List<TimelineEntry> entries = bot.jdbi().withHandle(h -> h.attach(TimelineRepository.class)
                .listForIncident(BotHarness.TEAM, inc.number()));
        assertThat(entries).singleElement().extracting(TimelineEntry::kind, TimelineEntry::authorId)
                .containsExactly(EntryKind.DECLARED, ALICE);
    }

    @Test
    void channelDate_isTheDeclarationDateInTimezone() throws Exception {
        clock.set(Instant.parse("2030-11-22T23:30:00Z"));
        bot.command("declare Late night outage", "CGENERAL", ALICE);
        awaitReply("<#" + NEW_CHANNEL + ">");
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.create"))
                .withFormParam("name", equalTo("inc-20301123-late-night-outage")));
    }

    @Test
    void nameTaken_triesTheNameWithASuffix() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create"))
                .withFormParam("name", equalTo("inc-20301122-db-failover"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"name_taken\"}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create"))
                .withFormParam("name", equalTo("inc-20301122-db-failover-2"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"name_taken\"}")));

        bot.command("declare DB failover sev1", "CGENERAL", ALICE);
        awaitReply("<#" + NEW_CHANNEL + ">");

        assertThat(calls(bot, "conversations.create")).extracting(c -> form(c).get("name"))
                .containsExactly("inc-20301122-db-failover", "inc-20301122-db-failover-2",
                        "inc-20301122-db-failover-3");
        assertThat(incidents(bot)).singleElement().extracting(Incident::channelName)
                .isEqualTo("inc-20301122-db-failover-3");
    }

    @Test
    void createWhoseReplyIsLost_isRetried_andAdoptsTheChannelTheBotMade_insteadOfCreatingASuffix()
            throws Exception {
        // The channel is created in Slack but its reply is lost (a gateway timeout between
        // conversations.create and the commit); the retry then meets name_taken. (A dropped
        // connection would be retried inside the HTTP client, out of the bot's sight.)
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create")).inScenario("lost")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(504)).willSetStateTo("created"));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create")).inScenario("lost")
                .whenScenarioStateIs("created").willReturn(okJson("{\"ok\":false,\"error\":\"name_taken\"}")));
        // Shape of the SDK's recorded sample json-logs/samples/api/conversations.list.json.
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.list")).willReturn(okJson("""
                {"ok":true,"channels":[
                  {"id":"COTHER01","name":"general","is_channel":true,"is_private":false,"creator":"UHUMAN01"},
                  {"id":"%s","name":"inc-20301122-db-failover","is_channel":true,"is_private":false,
                   "creator":"%s","is_member":true}],
                 "response_metadata":{"next_cursor":""}}
                """.formatted(NEW_CHANNEL, BotHarness.BOT_USER))));

        bot.command("declare DB failover sev1", "CGENERAL", ALICE);
        awaitReply("<#" + NEW_CHANNEL + ">");

        assertThat(calls(bot, "conversations.create")).extracting(c -> form(c).get("name"))
                .containsOnly("inc-20301122-db-failover");
        assertThat(incidents(bot)).singleElement().extracting(Incident::channelId, Incident::channelName)
                .containsExactly(NEW_CHANNEL, "inc-20301122-db-failover");
        await(bot, "the declare effects", () -> calls(bot, "conversations.setTopic").size() == 1);
        assertThat(calls(bot, "conversations.invite")).hasSize(1);
    }

    @Test
    void nameTakenByAChannelSomeoneElseMade_afterALostReply_stillMovesToASuffix() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create")).inScenario("lost")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(504)).willSetStateTo("taken"));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create")).inScenario("lost")
                .whenScenarioStateIs("taken").withFormParam("name", equalTo("inc-20301122-db-failover"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"name_taken\"}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.list")).willReturn(okJson("""
                {"ok":true,"channels":[
                  {"id":"CHUMAN01","name":"inc-20301122-db-failover","is_channel":true,"creator":"UHUMAN01"}],
                 "response_metadata":{"next_cursor":""}}
                """)));

        bot.command("declare DB failover sev1", "CGENERAL", ALICE);
        awaitReply("<#" + NEW_CHANNEL + ">");

        assertThat(incidents(bot)).singleElement().extracting(Incident::channelName)
                .isEqualTo("inc-20301122-db-failover-2");
    }

    @Test
    void rateLimitedCreate_waitsForRetryAfter_andCreatesTheChannelOnce() throws Exception {
        bot.rateLimitOnce("conversations.create", 1);

        HttpResponse<String> r = bot.command("declare Queue backlog", "CGENERAL", ALICE);
        assertThat(replyText(r)).startsWith("Declaring");
        awaitReply("<#" + NEW_CHANNEL + ">");

        List<LoggedRequest> creates = calls(bot, "conversations.create");
        assertThat(creates).hasSize(2);
        long waited = creates.get(1).getLoggedDate().getTime() - creates.get(0).getLoggedDate().getTime();
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofSeconds(1).toMillis() - 50);
        await(bot, "the declare effects", () -> calls(bot, "conversations.setTopic").size() == 1);
        assertThat(calls(bot, "conversations.invite")).hasSize(1);
        assertThat(incidents(bot)).singleElement().extracting(Incident::channelId).isEqualTo(NEW_CHANNEL);
    }

    @Test
    void channelMadeButNotRecorded_whileTheDatabaseIsAway_isRecorded_notCreatedAgain() throws Exception {
        // Slack makes the channel, then the transaction that records it fails (as when the
        // database restarts): the retry must record that channel. Trying the whole declare
        // again met its own lease ("being created") and left the incident without a channel
        // until the next start, with an orphan channel in Slack. The trigger stands in for
        // the database being away; the sequence counts its refusals across the rollback.
        testDb.jdbi().useHandle(h -> h.execute("""
                CREATE SEQUENCE test_refused_recordings;
                CREATE FUNCTION test_refuse_recording() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM nextval('test_refused_recordings'); RAISE EXCEPTION 'the database went away'; END $$;
                CREATE TRIGGER test_refuse_recording BEFORE UPDATE OF channel_id ON incidents FOR EACH ROW
                    WHEN (NEW.channel_id IS NOT NULL) EXECUTE FUNCTION test_refuse_recording();
                """));
        try {
            HttpResponse<String> r = bot.command("declare Payments failing", "CGENERAL", ALICE);
            assertThat(replyText(r)).startsWith("Declaring");
            await(bot, "the first recording refused", () -> testDb.jdbi().withHandle(h -> h.createQuery(
                    "SELECT is_called FROM test_refused_recordings").mapTo(Boolean.class).one()));
        } finally {
            testDb.jdbi().useHandle(h -> h.execute("""
                    DROP TRIGGER test_refuse_recording ON incidents;
                    DROP FUNCTION test_refuse_recording();
                    DROP SEQUENCE test_refused_recordings;
                    """));
        }

        awaitReply("<#" + NEW_CHANNEL + ">");
        assertThat(calls(bot, "conversations.create")).hasSize(1);
        assertThat(incidents(bot)).singleElement().extracting(Incident::channelId).isEqualTo(NEW_CHANNEL);
        assertThat(responseTexts(bot)).singleElement().asString().startsWith("Declared *INC-");
        await(bot, "the declare effects", () -> calls(bot, "conversations.setTopic").size() == 1);
        assertThat(calls(bot, "conversations.invite")).hasSize(1);
    }

    @Test
    void channelThatCannotBeCreated_removesTheIncident_andSaysWhy() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.create"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"restricted_action\"}")));

        HttpResponse<String> r = bot.command("declare Payments failing", "CGENERAL", ALICE);
        assertThat(r.statusCode()).isEqualTo(200);
        String key = replyText(r).replaceAll("(?s)^Declaring \\*(INC-[0-9]+)\\*.*", "$1");
        awaitReply("restricted_action");

        assertThat(responseTexts(bot)).singleElement().asString()
                .contains("I couldn't create a channel for " + key)
                .contains("only admins may create channels")
                .contains("I removed " + key + " again");
        assertThat(incidents(bot)).isEmpty();
        assertThat(count(bot, "timeline_entries")).isZero();
        assertThat(count(bot, "slack_effects")).isZero();
        assertThat(calls(bot, "conversations.create")).hasSize(1);
    }

    @Test
    void privateIncident_getsAPrivateChannel() throws Exception {
        bot.command("declare Payroll data exposed sev1 private", "CGENERAL", ALICE);
        awaitReply("<#" + NEW_CHANNEL + ">");
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.create"))
                .withFormParam("name", equalTo("inc-20301122-payroll-data-exposed"))
                .withFormParam("is_private", equalTo("1")));
        assertThat(incidents(bot)).singleElement().satisfies(i -> {
            assertThat(i.isPrivate()).isTrue();
            assertThat(i.severity()).isEqualTo(Severity.SEV1);
            assertThat(i.title()).isEqualTo("Payroll data exposed");
        });
        assertThat(responseTexts(bot).get(0)).contains("(SEV1, private)");
    }

    @Test
    void incidentLeftWithoutAChannel_isFinishedByRecovery_andTheDeclarerGetsADm() {
        IncidentService service = new IncidentService(bot.jdbi(), clock, bot.runtime.context().settings(), () -> { });
        Incident stranded = service.declare(BotHarness.TEAM, ALICE,
                new IncidentService.DeclareRequest("Stranded", Severity.SEV3, false, null));
        clock.advance(Duration.ofMinutes(10));

        try (DeclareFlow flow = new DeclareFlow(service, bot.runtime.context().slack(), clock)) {
            flow.recoverPending();
            await(bot, "the recovered channel and the DM", () -> incidents(bot).get(0).channelId() != null
                    && calls(bot, "chat.postMessage").stream().anyMatch(c -> form(c).get("channel").equals("DDM1")));
        }
        assertThat(incidents(bot).get(0).channelName()).isEqualTo("inc-20301122-stranded");
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.open"))
                .withFormParam("users", equalTo(ALICE)));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo("DDM1"))
                .withFormParam("text", containing("Declared *" + stranded.key() + "*")));
    }
}
