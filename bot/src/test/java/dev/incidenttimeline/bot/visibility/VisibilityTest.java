package dev.incidenttimeline.bot.visibility;

import dev.incidenttimeline.bot.home.AppHomeFeature;
import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.PRIVATE_CHANNEL;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.capture.live.CaptureFixtures.memberJoined;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.capture.live.CaptureFeature;
import dev.incidenttimeline.bot.capture.live.CaptureFixtures;
import dev.incidenttimeline.bot.report.ReportScheduler;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewActionItem;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A private incident is seen by the current members of its channel only. */
class VisibilityTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static BotHarness bot;
    static final String EVE = "U0EVE";

    @BeforeAll
    static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), Clock.systemUTC(),
                ctx -> List.of(new IncidentCommandFeature(ctx), new CaptureFeature(ctx), new AppHomeFeature(ctx)));
    }

    @AfterAll
    static void stop() {
        bot.close();
    }

    @BeforeEach
    void clean() {
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        testDb.truncateAll();
        bot.resetSlack();
        CommandTestSupport.stubSlack(bot);
        // Shape of the SDK's recorded sample api/conversations.members.json, with our ids.
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.members")).willReturn(okJson(
                "{\"ok\":true,\"members\":[\"U_IC\"],\"response_metadata\":{\"next_cursor\":\"\"}}")));
    }

    /** Shape of the SDK's recorded sample events/MemberLeftChannelPayload.json, with our ids. */
    private static String memberLeft(String user, String channel, String eventTs) {
        return "{\"type\":\"member_left_channel\",\"user\":\"" + user + "\",\"channel\":\"" + channel
                + "\",\"channel_type\":\"G\",\"team\":\"" + TEAM + "\",\"event_ts\":\"" + eventTs + "\"}";
    }

    /** An event time just after now: the recheck a list makes is stamped with the real clock. */
    private static String soon(int seconds) {
        return (java.time.Instant.now().getEpochSecond() + seconds) + ".000100";
    }

    private static String list(String user) throws Exception {
        return CommandTestSupport.replyText(bot.command("list", "CRANDOM", user));
    }

    @Test
    void aMemberWhoLeavesThePrivateChannel_losesSightOfTheIncident() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), PRIVATE_CHANNEL, true);
        assertThat(list(EVE)).doesNotContain("Checkout errors").contains("1 private incident you are not part of");

        assertThat(bot.event("EvJoin", memberJoined(EVE, PRIVATE_CHANNEL, soon(1))).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(list(EVE)).contains(inc.key().toString(), "Checkout errors");

        assertThat(bot.event("EvLeft", memberLeft(EVE, PRIVATE_CHANNEL, soon(2))).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(list(EVE)).doesNotContain("Checkout errors", inc.key().toString())
                .contains("1 private incident you are not part of");
    }

    @Test
    void onAMembershipMiss_slackIsAskedOnce_andItsAnswerDecides() throws Exception {
        // A channel of its own: the other test's recheck of PRIVATE_CHANNEL is still fresh.
        CaptureFixtures.incident(testDb.jdbi(), "G0INCMISS", true);
        assertThat(list("U_IC")).contains("Checkout errors");
        assertThat(list("U_IC")).contains("Checkout errors");
        assertThat(list("U0MALLORY")).doesNotContain("Checkout errors");
        // U_IC's miss asked Slack; within the recheck period U0MALLORY is not asked about again.
        assertThat(CommandTestSupport.calls(bot, "conversations.members")).hasSize(1);
    }

    /** Eve joins the private channel, then leaves it: what the store then knows is that she is not in. */
    private static void joinsThenLeaves(String user, String channel) throws Exception {
        assertThat(bot.event("EvJ" + channel, memberJoined(user, channel, soon(1))).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(bot.event("EvL" + channel, memberLeft(user, channel, soon(2))).statusCode()).isEqualTo(200);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
    }

    @Test
    void theTimelineAndRetroOfAPrivateIncident_areRefusedToSomeoneWhoLeftItsChannel() throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), "G0INCTL", true);
        joinsThenLeaves(EVE, "G0INCTL");

        assertThat(CommandTestSupport.replyText(bot.command("timeline", "G0INCTL", EVE)))
                .contains(inc.key() + " is private and you are not a member of its channel")
                .doesNotContain("Timeline of");
        // The export acks at once; the refusal follows through the command's response_url.
        assertThat(CommandTestSupport.replyText(bot.command("export", "G0INCTL", EVE)))
                .startsWith("Writing the retro…");
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(CommandTestSupport.responseTexts(bot)).anySatisfy(t -> assertThat(t)
                .contains(inc.key() + " is private and you are not a member of its channel"));
        assertThat(CommandTestSupport.calls(bot, "files.getUploadURLExternal")).isEmpty();

        // The commander is a member by Slack's answer (the recheck), and is shown both.
        assertThat(CommandTestSupport.replyText(bot.command("timeline", "G0INCTL", "U_IC")))
                .contains("Timeline of " + inc.key());
        assertThat(CommandTestSupport.replyText(bot.command("export", "G0INCTL", "U_IC")))
                .contains("The retro of " + inc.key());
        CaptureFixtures.settle(bot::drain, testDb.jdbi());
        assertThat(CommandTestSupport.calls(bot, "files.getUploadURLExternal")).singleElement()
                .satisfies(c -> assertThat(CommandTestSupport.form(c).get("filename"))
                        .isEqualTo("retro-" + inc.key() + ".md"));
    }

    @Test
    void anOwnerWhoLeftThePrivateChannel_getsNoTitleInTheReminderDm() throws Exception {
        Incident secret = CaptureFixtures.incident(testDb.jdbi(), "G0INCREM", true);
        Incident open = CaptureFixtures.incident(testDb.jdbi(), "C0INCPUB", false);
        LocalDate overdue = LocalDate.now(ZoneOffset.UTC).minusDays(3);
        ActionItemRepository items = testDb.jdbi().onDemand(ActionItemRepository.class);
        items.add(CaptureFixtures.TEAM, new NewActionItem(secret.number(), "Rotate the payroll export key", EVE,
                overdue, "U_IC", Instant.now().minusSeconds(86400 * 5), null));
        items.add(CaptureFixtures.TEAM, new NewActionItem(open.number(), "Add a checkout alert", EVE,
                overdue, "U_IC", Instant.now().minusSeconds(86400 * 5), null));
        joinsThenLeaves(EVE, "G0INCREM");

        assertThat(new ReportScheduler(bot.runtime.context()).remindOverdueOwners()).isEqualTo(1);
        CaptureFixtures.settle(bot::drain, testDb.jdbi());

        List<String> dms = CommandTestSupport.calls(bot, "chat.postMessage").stream()
                .map(CommandTestSupport::form).filter(f -> "DDM1".equals(f.get("channel")))
                .map(f -> f.get("text") + "\n" + f.get("blocks")).toList();
        assertThat(dms).hasSize(1);
        assertThat(dms.get(0)).contains("2 overdue action item(s)", "Add a checkout alert",
                        "An action item of a private incident you no longer have access to")
                .doesNotContain("Rotate the payroll export key", secret.key().toString(), "G0INCREM");
    }

    private static String homeOpened(String user) {
        return "{\"type\":\"app_home_opened\",\"user\":\"" + user + "\",\"channel\":\"DHOME\",\"tab\":\"home\","
                + "\"event_ts\":\"" + soon(0) + "\"}";
    }

    /** The latest App Home view published for {@code user}, as its JSON text. */
    private static String latestHome(String user) {
        List<String> views = CommandTestSupport.calls(bot, "views.publish").stream().map(CommandTestSupport::form)
                .filter(f -> user.equals(f.get("user_id"))).map(f -> f.get("view")).toList();
        return views.isEmpty() ? "" : views.get(views.size() - 1);
    }

    private static void channelMembersAre(String channel, String membersJson) {
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.members"))
                .withRequestBody(containing("channel=" + channel)).willReturn(okJson(
                        "{\"ok\":true,\"members\":" + membersJson + ",\"response_metadata\":{\"next_cursor\":\"\"}}")));
    }

    @Test
    void appHome_ofAViewerWhoseMembershipIsUnknown_showsThePrivateIncidentOnceTheRecheckSaysMember()
            throws Exception {
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), "G0INCHOME1", true);
        channelMembersAre("G0INCHOME1", "[\"U_IC\",\"" + EVE + "\"]");

        assertThat(bot.event("EvHomeEve", homeOpened(EVE)).statusCode()).isEqualTo(200);
        CommandTestSupport.await(bot, "a home view that shows " + inc.key(),
                () -> latestHome(EVE).contains(inc.key() + "*"));
        assertThat(latestHome(EVE)).contains("Checkout errors").doesNotContain("you are not part of");
        assertThat(CommandTestSupport.calls(bot, "conversations.members")).hasSize(1);
    }

    @Test
    void appHome_ofAViewerWhoseMembershipIsUnknown_hidesThePrivateIncidentOnceTheRecheckSaysNotAMember()
            throws Exception {
        // The commander counts as a member while nothing is known; Slack says they are no longer in.
        Incident inc = CaptureFixtures.incident(testDb.jdbi(), "G0INCHOME2", true);
        channelMembersAre("G0INCHOME2", "[\"U0SOMEONE\"]");

        assertThat(bot.event("EvHomeIc", homeOpened("U_IC")).statusCode()).isEqualTo(200);
        CommandTestSupport.await(bot, "a home view after the recheck",
                () -> CommandTestSupport.calls(bot, "conversations.members").size() == 1
                        && latestHome("U_IC").contains("1 private incident you are not part of"));
        assertThat(latestHome("U_IC")).doesNotContain("Checkout errors", inc.key() + "*");
    }
}
