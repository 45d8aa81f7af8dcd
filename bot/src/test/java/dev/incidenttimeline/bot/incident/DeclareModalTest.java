package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.NEW_CHANNEL;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidents;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.json;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.responseTexts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.TestDatabase;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /incident declare} without a title: the form, its validation, and declaring from it. */
public class DeclareModalTest {
    @RegisterExtension
    public static final TestDatabase testDb = new TestDatabase();
    public static final MutableClock clock = new MutableClock(Instant.parse("2030-11-22T09:30:00Z"));
    public static BotHarness bot;

    @BeforeAll
    public static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of(), clock, ctx -> List.of(new IncidentCommandFeature(ctx)));
    }

    @AfterAll
    public static void stop() {
        bot.close();
    }

    @BeforeEach
    public void clean() {
        testDb.truncateAll();
        CommandTestSupport.stubSlack(bot);
    }

    /** A view_submission of the declare form as Slack posts it. */
    public static String submission(String title, String severity, boolean isPrivate, String description,
            String privateMetadata) {
        ObjectNode p = CommandTestSupport.JSON.createObjectNode().put("type", "view_submission")
                .put("api_app_id", "A0001").put("token", "legacy").put("trigger_id", "trigger-2");
        p.putObject("team").put("id", BotHarness.TEAM).put("domain", "t");
        p.putObject("user").put("id", ALICE).put("username", "alice").put("team_id", BotHarness.TEAM);
        ObjectNode view = p.putObject("view").put("id", "V1").put("team_id", BotHarness.TEAM).put("type", "modal")
                .put("callback_id", DeclareModal.CALLBACK_ID).put("private_metadata", privateMetadata);
        ObjectNode values = view.putObject("state").putObject("values");
        values.putObject("title").putObject("value").put("type", "plain_text_input").put("value", title);
        ObjectNode sev = values.putObject("severity").putObject("value").put("type", "static_select");
        sev.putObject("selected_option").put("value", severity).putObject("text").put("type", "plain_text")
                .put("text", severity);
        ObjectNode box = values.putObject("private").putObject("value").put("type", "checkboxes");
        if (isPrivate) {
            box.putArray("selected_options").addObject().put("value", "private").putObject("text")
                    .put("type", "plain_text").put("text", "Private");
        } else {
            box.putArray("selected_options");
        }
        values.putObject("description").putObject("value").put("type", "plain_text_input")
                .put("value", description);
        p.putArray("response_urls");
        return p.toString();
    }

    public static String origin(String channel) {
        return "{\"channel\":\"" + channel + "\",\"response_url\":\"" + bot.slack.baseUrl() + "/response/"
                + channel + "\"}";
    }

    @Test
    public void declareWithoutTitle_opensTheForm_withTheGivenOptionsPreselected() throws Exception {
        HttpResponse<String> r = bot.command("declare sev1 private", "CGENERAL", ALICE);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        bot.slack.verify(1, postRequestedFor(urlPathEqualTo("/api/views.open"))
                .withFormParam("trigger_id", matching("trigger-[0-9]+"))
                .withFormParam("view", matchingJsonPath("$.callback_id", equalTo("incident_declare")))
                .withFormParam("view", matchingJsonPath("$.type", equalTo("modal")))
                .withFormParam("view", matchingJsonPath("$.blocks[0].block_id", equalTo("title")))
                .withFormParam("view", matchingJsonPath("$.blocks[1].element.initial_option.value",
                        equalTo("SEV1")))
                .withFormParam("view", matchingJsonPath("$.blocks[2].element.initial_options[0].value",
                        equalTo("private")))
                .withFormParam("view", matchingJsonPath("$.private_metadata", containing("/response/CGENERAL"))));
        assertThat(incidents(bot)).isEmpty();
    }

    @Test
    public void formThatCannotOpen_saysWhy() throws Exception {
        bot.slack.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlPathEqualTo("/api/views.open"))
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        "{\"ok\":false,\"error\":\"expired_trigger_id\"}")));
        HttpResponse<String> r = bot.command("declare", "CGENERAL", ALICE);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(CommandTestSupport.replyText(r)).contains("The form took too long to open");
    }

    @Test
    public void submissionWithoutTitle_isRefusedInTheForm_andNothingIsStored() throws Exception {
        HttpResponse<String> r = bot.interaction(submission("   ", "SEV2", false, "", origin("CGENERAL")));

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r.body());
        assertThat(body.path("response_action").asText()).isEqualTo("errors");
        assertThat(body.path("errors").path("title").asText()).contains("Give the incident a short title");
        assertThat(incidents(bot)).isEmpty();
        assertThat(calls(bot, "conversations.create")).isEmpty();
    }

    @Test
    public void submissionWithATooLongTitle_isRefusedInTheForm() throws Exception {
        HttpResponse<String> r = bot.interaction(submission("x".repeat(201), "SEV2", false, "", origin("C1")));
        assertThat(json(r.body()).path("errors").path("title").asText()).contains("200 characters");
        assertThat(incidents(bot)).isEmpty();
    }

    @Test
    public void validSubmission_declaresLikeTheCommand_withTheDescriptionAsSummary() throws Exception {
        HttpResponse<String> r = bot.interaction(submission("DB & cache down", "SEV1", true,
                "Users see <500> errors", origin("CGENERAL")));

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("errors");
        await(bot, "the reply with the channel",
                () -> responseTexts(bot).stream().anyMatch(t -> t.contains("<#" + NEW_CHANNEL + ">")));

        Incident inc = incidents(bot).get(0);
        assertThat(inc.title()).isEqualTo("DB &amp; cache down");
        assertThat(inc.severity()).isEqualTo(Severity.SEV1);
        assertThat(inc.isPrivate()).isTrue();
        assertThat(inc.summary()).isEqualTo("Users see &lt;500&gt; errors");
        assertThat(inc.commanderId()).isEqualTo(ALICE);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.create"))
                .withFormParam("name", equalTo("inc-20301122-db-cache-down"))
                .withFormParam("is_private", equalTo("1")));
        await(bot, "the intro", () -> calls(bot, "chat.postMessage").size() == 1);
        assertThat(form(calls(bot, "chat.postMessage").get(0)).get("blocks"))
                .contains("*Summary*\\nUsers see &lt;500&gt; errors");
    }

    @Test
    public void formOpenedWithoutAResponseUrl_repliesByDirectMessage() throws Exception {
        bot.interaction(submission("Search is slow", "SEV3", false, "", "{}"));
        await(bot, "the DM", () -> calls(bot, "chat.postMessage").stream()
                .anyMatch(c -> "DDM1".equals(form(c).get("channel"))));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo("DDM1"))
                .withFormParam("text", containing("<#" + NEW_CHANNEL + ">")));
    }
}
