package dev.incidenttimeline.bot.announce;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.NEW_CHANNEL;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidents;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ANNOUNCE_CHANNEL through signed requests: a declare (with its Join button), a severity change
 * and a resolve are each posted there once; a private incident never is.
 */
class AnnouncementsTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final String ANNOUNCE = "CANNOUNCE1";
    static BotHarness bot;
    static WireMockServer slack;

    @BeforeAll
    static void start() throws Exception {
        slack = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        slack.start();
        // Start-up checks the channel: a member of it (shape of the SDK's sample conversations.info).
        slack.stubFor(post(urlPathEqualTo("/api/conversations.info")).willReturn(okJson("{\"ok\":true,\"channel\":{"
                + "\"id\":\"" + ANNOUNCE + "\",\"name\":\"incidents\",\"is_channel\":true,\"is_private\":false,"
                + "\"is_archived\":false,\"is_member\":true}}")));
        bot = new BotHarness(testDb.jdbcUrl(), Map.of("ANNOUNCE_CHANNEL", ANNOUNCE), Clock.systemUTC(),
                ctx -> List.of(new IncidentCommandFeature(ctx), new AnnounceFeature(ctx)), slack);
    }

    @AfterAll
    static void stop() {
        bot.close();
        slack.stop();
    }

    @BeforeEach
    void clean() {
        testDb.truncateAll();
        CommandTestSupport.stubSlack(bot);
        bot.jdbi().useHandle(h -> h.attach(SlackUserRepository.class).upsert(
                new SlackUser(BotHarness.TEAM, ALICE, "alice", "Alice Doe", "UTC", false)));
    }

    private static List<Map<String, String>> announcements() {
        return calls(bot, "chat.postMessage").stream().map(CommandTestSupport::form)
                .filter(f -> ANNOUNCE.equals(f.get("channel"))).toList();
    }

    private static void declare(String text) throws Exception {
        bot.command("declare " + text, "CGENERAL", ALICE);
        await(bot, "the incident channel's intro", () -> calls(bot, "chat.postMessage").stream()
                .anyMatch(r -> NEW_CHANNEL.equals(form(r).get("channel"))));
    }

    @Test
    void declare_severityChange_andResolve_areEachAnnouncedOnce_withAJoinButtonOnDeclare() throws Exception {
        declare("Checkout errors after deploy sev2");
        Incident inc = incidents(bot).get(0);
        String key = inc.key().toString();
        await(bot, "the declare announcement", () -> announcements().size() == 1);

        Map<String, String> declared = announcements().get(0);
        assertThat(declared.get("text")).isEqualTo(key + " declared · Checkout errors after"
                + " deploy · SEV2 · commander @alice · #" + inc.channelName());
        JsonNode block = json(declared.get("blocks")).get(0);
        assertThat(block.at("/text/text").asText()).isEqualTo(":rotating_light: *" + key + " declared* · Checkout"
                + " errors after deploy · SEV2 · commander @alice · <#" + NEW_CHANNEL + ">");
        assertThat(block.at("/accessory/action_id").asText()).isEqualTo(Announcements.ACTION_JOIN);
        assertThat(block.at("/accessory/value").asText()).isEqualTo(NEW_CHANNEL);
        assertThat(block.at("/accessory/url").asText()).isEqualTo("https://slack.com/app_redirect?channel=" + NEW_CHANNEL);
        assertThat(block.at("/accessory/text/text").asText()).isEqualTo("Join #" + inc.channelName());

        bot.command("sev 1", NEW_CHANNEL, ALICE);
        await(bot, "the severity announcement", () -> announcements().size() == 2);
        assertThat(json(announcements().get(1).get("blocks")).at("/0/text/text").asText())
                .isEqualTo(":arrows_counterclockwise: *" + key + "* SEV2 → *SEV1* · Checkout errors after deploy"
                        + " · SEV1 · commander @alice · <#" + NEW_CHANNEL + ">");
        assertThat(json(announcements().get(1).get("blocks")).at("/0/accessory").isMissingNode()).isTrue();

        bot.command("resolve", NEW_CHANNEL, ALICE);
        await(bot, "the resolve announcement", () -> announcements().size() == 3);
        assertThat(json(announcements().get(2).get("blocks")).at("/0/text/text").asText())
                .startsWith(":white_check_mark: *" + key + " resolved* after ")
                .endsWith(" · Checkout errors after deploy · SEV1 · commander @alice · <#" + NEW_CHANNEL + ">");

        // Queued once each: running the queues again posts nothing more; each carries its dedupe key.
        bot.drain();
        assertThat(announcements()).hasSize(3);
        assertThat(announcements().stream().map(f -> json(f.get("metadata")).at("/event_payload/dedupe_key").asText())
                .collect(Collectors.toSet())).hasSize(3);
    }

    @Test
    void aPrivateIncident_isNeverAnnounced() throws Exception {
        declare("Suspicious admin logins sev1 private");
        Incident inc = incidents(bot).get(0);
        assertThat(inc.isPrivate()).isTrue();
        bot.command("sev 2", NEW_CHANNEL, ALICE);
        bot.command("resolve", NEW_CHANNEL, ALICE);
        await(bot, "the resolve line in its own channel", () -> calls(bot, "chat.postMessage").stream()
                .filter(r -> NEW_CHANNEL.equals(form(r).get("channel"))).count() >= 3);
        bot.drain();
        assertThat(announcements()).isEmpty();
        // Nothing about it was posted anywhere but its own channel.
        assertThat(calls(bot, "chat.postMessage").stream().map(CommandTestSupport::form)
                .filter(f -> !NEW_CHANNEL.equals(f.get("channel")))).isEmpty();
    }

    @Test
    void theJoinButton_invitesWhoeverPressedIt_intoTheIncidentChannel() throws Exception {
        declare("Checkout errors after deploy sev2");
        await(bot, "the declare announcement", () -> announcements().size() == 1);
        int invitesBefore = calls(bot, "conversations.invite").size();

        var r = bot.interaction(joinClick(BOB, NEW_CHANNEL));
        assertThat(r.statusCode()).isEqualTo(200);
        await(bot, "Bob's invitation", () -> calls(bot, "conversations.invite").size() == invitesBefore + 1);
        LoggedRequest invite = calls(bot, "conversations.invite").get(invitesBefore);
        assertThat(form(invite)).containsEntry("channel", NEW_CHANNEL).containsEntry("users", BOB);

        // A value that names no public incident channel invites nobody.
        bot.interaction(joinClick(BOB, "CGENERAL"));
        bot.drain();
        assertThat(calls(bot, "conversations.invite")).hasSize(invitesBefore + 1);
    }

    /** A block_actions payload (the shape of the SDK's recorded samples) for the Join button of an announcement. */
    private static String joinClick(String user, String channel) {
        ObjectNode p = CommandTestSupport.JSON.createObjectNode().put("type", "block_actions")
                .put("api_app_id", "A0001").put("token", "legacy").put("trigger_id", "trigger-join-" + user + channel);
        p.putObject("team").put("id", BotHarness.TEAM).put("domain", "t");
        p.putObject("user").put("id", user).put("username", "u").put("team_id", BotHarness.TEAM);
        p.putObject("container").put("type", "message").put("message_ts", "1700000000.000100")
                .put("channel_id", ANNOUNCE).put("is_ephemeral", false);
        p.putObject("channel").put("id", ANNOUNCE).put("name", "incidents");
        p.put("response_url", bot.slack.baseUrl() + "/response/" + ANNOUNCE);
        p.putArray("actions").addObject().put("action_id", Announcements.ACTION_JOIN).put("block_id", "b1")
                .put("type", "button").put("value", channel).put("action_ts", "1700000100.000200")
                .putObject("text").put("type", "plain_text").put("text", "Join");
        return p.toString();
    }
}
