package dev.incidenttimeline.bot.slack;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.livecapture.CaptureFixtures.PRIVATE_CHANNEL;
import static dev.incidenttimeline.bot.livecapture.CaptureFixtures.TEAM;
import static dev.incidenttimeline.bot.livecapture.CaptureFixtures.memberJoined;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.livecapture.CaptureFeature;
import dev.incidenttimeline.bot.livecapture.CaptureFixtures;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
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
                ctx -> List.of(new IncidentCommandFeature(ctx), new CaptureFeature(ctx)));
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
}
