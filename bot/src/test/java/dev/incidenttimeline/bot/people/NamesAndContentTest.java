package dev.incidenttimeline.bot.people;

import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.fileShare;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.message;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.reactionAdded;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.stubReactionsAdd;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.ts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A live incident through signed commands and events, with WireMock answering
 * {@code users.info} and {@code bots.info} in the shape of the SDK's recorded samples
 * (slack-samples/README.md): the retro names everyone and every app, and shows what the
 * alert and the file share said.
 */
class NamesAndContentTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CHANNEL = "C0LIVE1";
    static final String ALICE = "U0ALICE001";
    static final String BOB = "U0BOB00002";
    static final String CAROL = "U0CAROL003";
    static BotHarness bot;
    Incident inc;

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(),
                ctx -> List.of(new IncidentCommandFeature(ctx), new CaptureFeature(ctx), new ProfilesFeature()));
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        testDb.truncateAll();
        CommandTestSupport.stubSlack(bot);
        stubReactionsAdd(bot.slack);
        CaptureFixtures.stubAnyPermalink(bot.slack, CHANNEL);
        stubUser(ALICE, "alice", "Alice Liddell");
        stubUser(BOB, "", "Bob Okafor");
        stubUser(CAROL, "", "Carol Chen");
        stubBot("B0DATADOG", "Datadog");
        IncidentRepository incidents = testDb.jdbi().onDemand(IncidentRepository.class);
        Incident created = incidents.create(new NewIncident(BotHarness.TEAM, "Checkout errors", Severity.SEV2, false,
                ALICE, ALICE, CaptureFixtures.DECLARED, null));
        incidents.setChannel(BotHarness.TEAM, created.number(), CHANNEL, "inc-20261116-checkout");
        inc = incidents.find(BotHarness.TEAM, created.number()).orElseThrow();
    }

    /** users.info for one member: the SDK sample's shape with this member's names. */
    private static void stubUser(String id, String displayName, String realName) throws Exception {
        ObjectNode body = (ObjectNode) sample("users.info.json");
        ObjectNode user = (ObjectNode) body.get("user");
        user.put("id", id).put("real_name", realName);
        ((ObjectNode) user.get("profile")).put("display_name", displayName).put("real_name", realName);
        bot.slack.stubFor(post(urlPathEqualTo("/api/users.info")).withFormParam("user", equalTo(id))
                .willReturn(okJson(body.toString())));
    }

    private static void stubBot(String id, String name) throws Exception {
        ObjectNode body = (ObjectNode) sample("bots.info.json");
        ((ObjectNode) body.get("bot")).put("id", id).put("name", name);
        bot.slack.stubFor(post(urlPathEqualTo("/api/bots.info")).withFormParam("bot", equalTo(id))
                .willReturn(okJson(body.toString())));
    }

    private static com.fasterxml.jackson.databind.JsonNode sample(String name) throws Exception {
        try (InputStream in = NamesAndContentTest.class.getResourceAsStream("/slack-samples/" + name)) {
            return JSON.readTree(in);
        }
    }

    private static String pagerDutyAlert(String ts) throws Exception {
        ObjectNode m = (ObjectNode) sample("pagerduty-alert.json");
        return m.put("channel", CHANNEL).put("ts", ts).put("event_ts", ts).toString();
    }

    private String retro() {
        return testDb.jdbi().inTransaction(h -> new RetroMarkdownRenderer().render(
                Retros.load(h, h.attach(IncidentRepository.class).find(BotHarness.TEAM, inc.number()).orElseThrow()),
                ZoneOffset.UTC, Instant.parse("2026-11-20T00:00:00Z")));
    }

    private Optional<SlackUser> profile(String id) {
        return testDb.jdbi().onDemand(SlackUserRepository.class).find(BotHarness.TEAM, id);
    }

    /** Reactions are resolved from the message cache: the messages are stored first, as Slack would send them. */
    private void awaitCached(int messages) {
        await(messages + " cached messages", () -> testDb.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM message_cache WHERE channel_id = :c").bind("c", CHANNEL).mapTo(Integer.class)
                .one()) >= messages);
    }

    private void await(String what, java.util.function.BooleanSupplier condition) {
        try {
            CaptureFixtures.await(what, java.time.Duration.ofSeconds(20), bot::drain, condition);
        } catch (AssertionError e) {
            String queues = testDb.jdbi().withHandle(h -> h.createQuery("""
                    SELECT string_agg(kind || ' ' || status || ' ' || COALESCE(last_error, ''), '; ') FROM slack_effects
                    """).mapTo(String.class).one() + " | events: " + h.createQuery("""
                    SELECT string_agg(status || ' ' || COALESCE(last_error, ''), '; ') FROM slack_events
                    """).mapTo(String.class).one());
            throw new AssertionError(e.getMessage() + "\nqueues: " + queues + "\nretro:\n" + retro(), e);
        }
    }

    @Test
    void liveIncident_exportsARetroWithNamesAlertContentAndFileShare_andNoBareIds() throws Exception {
        bot.event("Ev1", pagerDutyAlert(ts(10)));
        bot.event("Ev2", fileShare(CHANNEL, ts(20), BOB, "", "errors.png"));
        bot.event("Ev3", message(CHANNEL, ts(30), CAROL, "*rolled back* `api` see <https://grafana.example/d/1|the graph>"
                + "\n&gt; error rate back to 0.1% &amp; falling"));
        awaitCached(3);
        bot.event("Ev4", reactionAdded(BOB, "rotating_light", CHANNEL, ts(10), ts(40)));
        bot.event("Ev5", reactionAdded(BOB, "pushpin", CHANNEL, ts(20), ts(41)));
        bot.event("Ev6", reactionAdded(BOB, "adhesive_bandage", CHANNEL, ts(30), ts(42)));
        assertThat(bot.command("commander <@" + BOB + "|bob>", CHANNEL, ALICE).statusCode()).isEqualTo(200);
        assertThat(bot.command("note paged <@" + CAROL + "> for *db*", CHANNEL, BOB).statusCode()).isEqualTo(200);

        await("three tagged entries and every profile", () -> retro().contains("Carol Chen")
                && retro().contains("| Mitigation |") && profile(BOB).map(SlackUser::hasName).orElse(false)
                && profile(ALICE).map(SlackUser::hasName).orElse(false));
        String retro = retro();

        assertThat(retro).doesNotContainPattern("(?<![/\\w])[UB]0[A-Z0-9]{5,}\\b").doesNotContain("&gt;", "&lt;", "&amp;");
        assertThat(retro).contains("commander: \"Bob Okafor\"");
        // The alert: its sender's name and its attachments' and blocks' content.
        assertThat(retro).containsPattern("\\| Detection \\| PagerDuty \\| Incident triggered<br>"
                + "\\*\\*\\[#4711 checkout-api 5xx rate above 5%\\]\\(https://acme.pagerduty.com/incidents/Q1ABC\\)\\*\\*"
                + "<br>Error rate is \\*\\*12.4%\\*\\* \\\\> threshold 5%<br>Service: checkout-api<br>Urgency: high"
                + "<br>PagerDuty<br>\\*\\*Checkout \\\\<errors\\\\>\\*\\*<br>Assigned to @Bob Okafor<br>"
                + "Escalation policy: \\*\\*Checkout\\*\\* \\|");
        // The file share: who shared it and what it is.
        assertThat(retro).contains("| Event | Bob Okafor | File: [Error graph (errors.png)](https://t.slack.com/files/"
                + BOB + "/F1/errors.png) |");
        // Slack formatting became Markdown.
        assertThat(retro).contains("| Mitigation | Carol Chen | **rolled back** `api` see "
                + "[the graph](https://grafana.example/d/1)<br>\\> error rate back to 0.1% & falling |");
        assertThat(retro).contains("paged @Carol Chen for **db**");
        assertThat(profile(BOB)).get().extracting(SlackUser::realName, SlackUser::tz, SlackUser::email)
                .containsExactly("Bob Okafor", "Europe/Berlin", "bob@example.com");
    }

    @Test
    void botWithoutANameInItsMessage_isNamedByBotsInfo_once() throws Exception {
        String alert = JSON.createObjectNode().put("type", "message").put("subtype", "bot_message")
                .put("bot_id", "B0DATADOG").put("text", "p99 latency *high*").put("channel", CHANNEL)
                .put("ts", ts(5)).put("event_ts", ts(5)).toString();
        bot.event("EvB1", alert);
        bot.event("EvB2", alert.replace(ts(5), ts(6)));
        bot.event("EvB4", alert.replace(ts(5), ts(8)));
        awaitCached(3);
        bot.event("EvB3", reactionAdded(BOB, "rotating_light", CHANNEL, ts(5), ts(7)));

        await("the bot's name", () -> profile("B0DATADOG").map(SlackUser::hasName).orElse(false)
                && retro().contains("| Detection |"));
        assertThat(retro()).contains("| Detection | Datadog | p99 latency **high** |");
        // Once for the bot's name, whatever the number of its messages; Bolt's own check of
        // whether an event is the app's own may ask once more.
        assertThat(bot.slack.findAll(postRequestedFor(urlPathEqualTo("/api/bots.info"))
                .withFormParam("bot", equalTo("B0DATADOG")))).hasSizeBetween(1, 2);
    }

    @Test
    void profileNotYetFetched_showsTheId_thenTheNameOnceKnown_inTheSameStoredIncident() throws Exception {
        // users.info is rate-limited at first: the note is recorded and announced meanwhile.
        bot.rateLimitOnce("users.info", 1);
        assertThat(bot.command("note checking the database", CHANNEL, BOB).statusCode()).isEqualTo(200);
        await("the note's announcement", () -> !bot.slack.findAll(postRequestedFor(urlPathEqualTo(
                "/api/chat.postMessage"))).isEmpty());

        await("the retried profile", () -> profile(BOB).map(SlackUser::hasName).orElse(false));
        assertThat(retro()).contains("| Bob Okafor | checking the database |");
        assertThat(bot.slack.findAll(postRequestedFor(urlPathEqualTo("/api/users.info"))
                .withFormParam("user", equalTo(BOB))).size()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void deletedOrUnknownUser_staysAnId_andNothingWaitsOnIt() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/users.info")).withFormParam("user", equalTo("U0GONE0001"))
                .willReturn(okJson("{\"ok\":false,\"error\":\"user_not_found\"}")));
        assertThat(bot.command("note handing over to <@U0GONE0001>", CHANNEL, BOB).statusCode()).isEqualTo(200);

        await("the unknown member recorded", () -> profile("U0GONE0001").map(SlackUser::isDeleted).orElse(false));
        assertThat(retro()).contains("handing over to @U0GONE0001");
        assertThat(retro()).contains("| Bob Okafor |");
    }

    @Test
    void userChange_renamesTheMember_inTheNextRetro() throws Exception {
        assertThat(bot.command("note taking over", CHANNEL, BOB).statusCode()).isEqualTo(200);
        await("Bob's profile", () -> retro().contains("| Bob Okafor | taking over |"));

        ObjectNode event = JSON.createObjectNode().put("type", "user_change").put("event_ts", ts(99));
        ObjectNode user = event.putObject("user").put("id", BOB).put("team_id", BotHarness.TEAM)
                .put("real_name", "Bob Okafor").put("tz", "Europe/Berlin").put("deleted", false);
        user.putObject("profile").put("display_name", "bobo").put("real_name", "Bob Okafor");
        bot.event("EvU1", event.toString());

        await("the new name", () -> retro().contains("| bobo | taking over |"));
    }

    @Test
    void serverErrorFromUsersInfo_isRetried_notLost() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/users.info")).withFormParam("user", equalTo(CAROL))
                .inScenario("flaky").whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
        bot.slack.stubFor(post(urlPathEqualTo("/api/users.info")).withFormParam("user", equalTo(CAROL))
                .inScenario("flaky").whenScenarioStateIs("up").willReturn(okJson(
                        "{\"ok\":true,\"user\":{\"id\":\"" + CAROL + "\",\"real_name\":\"Carol Chen\","
                                + "\"profile\":{\"display_name\":\"carol\"}}}")));
        assertThat(bot.command("note asked <@" + CAROL + ">", CHANNEL, BOB).statusCode()).isEqualTo(200);

        await("Carol's profile after the retry", () -> profile(CAROL).map(SlackUser::hasName).orElse(false));
        assertThat(retro()).contains("asked @carol");
    }
}
