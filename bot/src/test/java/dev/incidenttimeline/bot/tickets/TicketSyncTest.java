package dev.incidenttimeline.bot.tickets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.json;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.replyText;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.incidenttimeline.bot.actions.OwnerAcceptance;
import dev.incidenttimeline.bot.app.BotRuntime;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TicketRepository;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Action items as tracker tickets, end to end: signed Slack commands and button payloads to
 * the running bot, WireMock standing in for Slack and for the tracker.
 *
 * <p>Tracker shapes, from the public API references:
 * <ul>
 * <li>Jira Cloud REST v3, create issue (fields.project/summary/issuetype/description as ADF/duedate/
 * labels/priority/assignee.accountId; answer 201 {@code {"id","key","self"}}):
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issues/#api-rest-api-3-issue-post
 * and the ADF document shape: https://developer.atlassian.com/cloud/jira/platform/apis/document/structure/</li>
 * <li>Jira user search ({@code GET /rest/api/3/user/search?query=}, an array of users with accountId):
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-user-search/#api-rest-api-3-user-search-get</li>
 * <li>Jira JQL search ({@code GET /rest/api/3/search/jql}, {@code {"issues":[…]}}):
 * https://developer.atlassian.com/cloud/jira/platform/rest/v3/api-group-issue-search/</li>
 * <li>Jira webhooks, {@code X-Hub-Signature: sha256=<hex>} HMAC of the body, payload {@code webhookEvent}
 * and {@code issue}: https://developer.atlassian.com/cloud/jira/platform/webhooks/ ;
 * 429 with Retry-After: https://developer.atlassian.com/cloud/jira/platform/rate-limiting/</li>
 * <li>GitHub create an issue ({@code POST /repos/{owner}/{repo}/issues}, title/body/labels/assignees; answer
 * 201 with number, html_url, state, labels, assignees):
 * https://docs.github.com/en/rest/issues/issues#create-an-issue ; {@code issues} webhook and
 * {@code X-Hub-Signature-256}: https://docs.github.com/en/webhooks/webhook-events-and-payloads#issues and
 * https://docs.github.com/en/webhooks/using-webhooks/validating-webhook-deliveries</li>
 * <li>Linear GraphQL ({@code issueCreate(input: IssueCreateInput!)} with teamId/title/description/dueDate/
 * priority/assigneeId/labelIds, {@code users(filter: {email: {eq}})}): https://linear.app/developers/graphql ;
 * webhooks ({@code Linear-Signature}: hex HMAC-SHA256 of the body; {@code type}, {@code action},
 * {@code data}, {@code webhookTimestamp}): https://linear.app/developers/webhooks</li>
 * </ul>
 * Slack payloads follow the SDK's recorded samples (json-logs/samples: block_actions and
 * view_submission), as the other bot tests do.
 */
class TicketSyncTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final String SECRET = "webhook-secret-0123456789";
    static final String CAROL = "U0CAROL";
    /** Wednesday 2030-11-20 10:00 UTC. */
    final MutableClock clock = new MutableClock(Instant.parse("2030-11-20T10:00:00Z"));

    WireMockServer tracker;
    BotHarness bot;
    @TempDir
    Path dir;

    @BeforeEach
    void startTracker() {
        testDb.truncateAll();
        tracker = new WireMockServer(WireMockConfiguration.wireMockConfig().dynamicPort());
        tracker.start();
    }

    @AfterEach
    void stop() {
        if (bot != null) {
            bot.close();
        }
        tracker.stop();
    }

    private void startBot(Map<String, String> env) throws Exception {
        Map<String, String> all = new HashMap<>(env);
        all.put("TICKETS_WEBHOOK_SECRET", SECRET);
        bot = new BotHarness(testDb.jdbcUrl(), all, clock, BotRuntime::standardFeatures);
        CommandTestSupport.stubSlack(bot);
        // users.info as the SDK's recorded sample has it (json-logs/samples/api/users.info.json), emails filled in.
        for (String[] u : List.of(new String[] {BOB, "bob", "bob@example.com"},
                new String[] {CAROL, "carol", "carol@example.com"}, new String[] {ALICE, "alice",
                        "alice@example.com"})) {
            bot.slack.stubFor(post(urlPathEqualTo("/api/users.info")).withRequestBody(containing("user=" + u[0]))
                    .willReturn(okJson("{\"ok\":true,\"user\":{\"id\":\"" + u[0] + "\",\"team_id\":\"" + BotHarness.TEAM
                            + "\",\"name\":\"" + u[1] + "\",\"deleted\":false,\"real_name\":\"" + u[1]
                            + "\",\"tz\":\"Europe/Berlin\",\"is_bot\":false,\"profile\":{\"real_name\":\"" + u[1]
                            + "\",\"display_name\":\"" + u[1] + "\",\"email\":\"" + u[2] + "\"}}}")));
        }
    }

    private Map<String, String> jira() {
        return Map.of("TICKETS", "jira", "JIRA_URL", tracker.baseUrl(), "JIRA_EMAIL", "bot@example.com",
                "JIRA_API_TOKEN", "jira-token-secret", "JIRA_PROJECT", "OPS");
    }

    private Map<String, String> github() throws Exception {
        Path map = dir.resolve("users.map");
        Files.writeString(map, "# slack email = github login\nbob@example.com=bob-gh\ncarol@example.com=carol-gh\n");
        return Map.of("TICKETS", "github", "GITHUB_API_URL", tracker.baseUrl(), "GITHUB_TOKEN", "ghp_secret",
                "GITHUB_REPO", "acme/ops", "TICKETS_USER_MAP", map.toString());
    }

    private Map<String, String> linear() {
        return Map.of("TICKETS", "linear", "LINEAR_API_URL", tracker.baseUrl() + "/graphql", "LINEAR_API_KEY",
                "lin_api_secret", "LINEAR_TEAM_ID", "team-uuid-1");
    }

    private void stubJiraUsers() {
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).withQueryParam("query",
                equalTo("bob@example.com")).willReturn(okJson("[{\"self\":\"" + tracker.baseUrl()
                        + "/rest/api/3/user?accountId=5b10a2844c20165700ede21g\",\"accountId\":"
                        + "\"5b10a2844c20165700ede21g\",\"accountType\":\"atlassian\",\"emailAddress\":"
                        + "\"bob@example.com\",\"displayName\":\"Bob\",\"active\":true}]")));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).withQueryParam("query",
                equalTo("carol@example.com")).willReturn(okJson("[{\"accountId\":\"5b10ac8d82e05b22cc7d4ef5\","
                        + "\"accountType\":\"atlassian\",\"displayName\":\"Carol\",\"active\":true}]")));
    }

    private static String jiraCreated(String id, String key) {
        return "{\"id\":\"" + id + "\",\"key\":\"" + key + "\",\"self\":\"https://acme.atlassian.net/rest/api/3/issue/"
                + id + "\"}";
    }

    private HttpResponse<String> addItem(String channel, String due) throws Exception {
        return bot.command("action Add an alert on queue depth <@" + BOB + "|bob> due " + due, channel, ALICE);
    }

    private Optional<ActionTicket> ticket(Incident inc, int n) {
        return bot.jdbi().withHandle(h -> h.attach(TicketRepository.class).find(BotHarness.TEAM, inc.number(), n));
    }

    private ActionItem item(Incident inc, int n) {
        return bot.jdbi().withHandle(h -> h.attach(ActionItemRepository.class).find(BotHarness.TEAM, inc.number(), n)
                .orElseThrow());
    }

    private List<LoggedRequest> trackerCalls(String method, String path) {
        return tracker.getAllServeEvents().stream().map(e -> e.getRequest())
                .filter(r -> r.getMethod().getName().equals(method) && r.getUrl().startsWith(path)).toList();
    }

    private List<String> dmTexts() {
        return calls(bot, "chat.postMessage").stream().map(r -> form(r)).filter(f -> "DDM1".equals(f.get("channel")))
                .map(f -> f.get("text")).toList();
    }

    private List<String> channelTexts(String channel) {
        return calls(bot, "chat.postMessage").stream().map(r -> form(r)).filter(f -> channel.equals(f.get("channel")))
                .map(f -> f.get("text")).toList();
    }

    private List<String> timeline(Incident inc) {
        return bot.jdbi().withHandle(h -> h.createQuery("SELECT text FROM timeline_entries WHERE team_id = :t AND"
                + " incident_number = :n ORDER BY id").bind("t", BotHarness.TEAM).bind("n", inc.number())
                .mapTo(String.class).list());
    }

    // ------------------------------------------------------------------ create, per tracker

    @Test
    void jira_newActionItem_becomesAnIssue_withAdfDescriptionDueDateLabelsPriorityAndAssignee() throws Exception {
        startBot(jira());
        stubJiraUsers();
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(jiraCreated("10000", "OPS-24"))));
        Incident inc = incidentIn(bot, "CINC", "Payments queue backlog");

        HttpResponse<String> r = addItem("CINC", "2030-12-06");
        assertThat(replyText(r)).contains("Added action item *#1*");
        await(bot, "the Jira issue", () -> ticket(inc, 1).isPresent());

        List<LoggedRequest> creates = trackerCalls("POST", "/rest/api/3/issue");
        assertThat(creates).hasSize(1);
        assertThat(creates.get(0).getHeader("Authorization")).isEqualTo("Basic " + java.util.Base64.getEncoder()
                .encodeToString("bot@example.com:jira-token-secret".getBytes(StandardCharsets.UTF_8)));
        JsonNode fields = json(creates.get(0).getBodyAsString()).path("fields");
        assertThat(fields.path("project").path("key").asText()).isEqualTo("OPS");
        assertThat(fields.path("summary").asText()).isEqualTo("Add an alert on queue depth");
        assertThat(fields.path("issuetype").path("name").asText()).isEqualTo("Task");
        assertThat(fields.path("duedate").asText()).isEqualTo("2030-12-06");
        assertThat(fields.path("priority").path("name").asText()).isEqualTo("Medium");
        assertThat(fields.path("assignee").path("accountId").asText()).isEqualTo("5b10a2844c20165700ede21g");
        assertThat(fields.path("labels").toString())
                .isEqualTo("[\"incident\",\"" + inc.key() + "\",\"sev2\",\"cleanup\",\"" + inc.key() + "#1\"]");
        JsonNode doc = fields.path("description");
        assertThat(doc.path("type").asText()).isEqualTo("doc");
        assertThat(doc.path("version").asInt()).isEqualTo(1);
        assertThat(doc.toString()).contains("Follow-up #1 of " + inc.key() + ": Payments queue backlog")
                .contains("Severity: SEV2").contains("\"type\":\"link\"")
                .contains("https://slack.com/app_redirect?channel=CINC");
        assertThat(trackerCalls("GET", "/rest/api/3/search")).isEmpty(); // the first try does not search

        ActionTicket t = ticket(inc, 1).orElseThrow();
        assertThat(t.ticketKey()).isEqualTo("OPS-24");
        assertThat(t.url()).isEqualTo(tracker.baseUrl() + "/browse/OPS-24");
        assertThat(item(inc, 1).ticketUrl()).isEqualTo(tracker.baseUrl() + "/browse/OPS-24");
        await(bot, "the channel line", () -> channelTexts("CINC").stream().anyMatch(s -> s.contains("OPS-24")));
        assertThat(channelTexts("CINC")).anyMatch(s -> s.equals(":ticket: Action item *#1* is Jira <"
                + tracker.baseUrl() + "/browse/OPS-24|OPS-24>."));
        // The owner is asked to accept.
        await(bot, "the DM", () -> !dmTexts().isEmpty());
        assertThat(dmTexts()).containsExactly("You own #1 of " + inc.key()
                + ": Add an alert on queue depth, due Fri 6 Dec");
        // /incident actions shows the ticket.
        assertThat(replyText(bot.command("actions", "CINC", ALICE))).contains("<" + tracker.baseUrl()
                + "/browse/OPS-24|OPS-24>");
    }

    @Test
    void jira_ownerWithNoJiraUser_isLeftUnassigned_andTheChannelLineSaysSo() throws Exception {
        startBot(jira());
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/user/search")).willReturn(okJson("[]")));
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(jiraCreated("10001", "OPS-25"))));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the issue", () -> ticket(inc, 1).isPresent());
        assertThat(json(trackerCalls("POST", "/rest/api/3/issue").get(0).getBodyAsString()).path("fields")
                .has("assignee")).isFalse();
        await(bot, "the channel line", () -> channelTexts("CINC").stream().anyMatch(s -> s.contains("OPS-25")));
        assertThat(channelTexts("CINC")).anyMatch(s -> s.contains("OPS-25>")
                && s.contains("(unassigned: no Jira user has bob@example.com)"));
    }

    @Test
    void github_newActionItem_becomesAnIssue_withDueInBodyAndLabel_andAssigneeFromTheUserMap() throws Exception {
        startBot(github());
        tracker.stubFor(post(urlPathEqualTo("/repos/acme/ops/issues")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"id\":1,\"node_id\":\"MDU6SXNzdWUx\","
                        + "\"url\":\"https://api.github.com/repos/acme/ops/issues/1347\",\"html_url\":"
                        + "\"https://github.com/acme/ops/issues/1347\",\"number\":1347,\"state\":\"open\","
                        + "\"title\":\"Add an alert on queue depth\",\"labels\":[{\"name\":\"incident\"}],"
                        + "\"assignee\":{\"login\":\"bob-gh\"},\"assignees\":[{\"login\":\"bob-gh\"}]}")));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the GitHub issue", () -> ticket(inc, 1).isPresent());

        LoggedRequest create = trackerCalls("POST", "/repos/acme/ops/issues").get(0);
        assertThat(create.getHeader("Authorization")).isEqualTo("Bearer ghp_secret");
        assertThat(create.getHeader("X-GitHub-Api-Version")).isEqualTo("2022-11-28");
        JsonNode body = json(create.getBodyAsString());
        assertThat(body.path("title").asText()).isEqualTo("Add an alert on queue depth");
        assertThat(body.path("body").asText()).startsWith("**Due:** 2030-12-06\n\nFollow-up #1 of " + inc.key());
        assertThat(body.path("labels").toString()).isEqualTo("[\"incident\",\"" + inc.key() + "\",\"sev2\","
                + "\"cleanup\",\"" + inc.key() + "#1\",\"priority:p2\",\"due:2030-12-06\"]");
        assertThat(body.path("assignees").toString()).isEqualTo("[\"bob-gh\"]");
        ActionTicket t = ticket(inc, 1).orElseThrow();
        assertThat(t.ticketKey()).isEqualTo("acme/ops#1347");
        assertThat(t.ticketId()).isEqualTo("1347");
        assertThat(t.url()).isEqualTo("https://github.com/acme/ops/issues/1347");
    }

    @Test
    void linear_newActionItem_becomesAnIssue_withDueDate_andTheAssigneeFoundByEmail() throws Exception {
        startBot(linear());
        String gql = "/graphql";
        tracker.stubFor(post(urlPathEqualTo(gql)).withRequestBody(containing("users(filter"))
                .willReturn(okJson("{\"data\":{\"users\":{\"nodes\":[{\"id\":\"user-bob\",\"email\":"
                        + "\"bob@example.com\",\"active\":true}]}}}")));
        tracker.stubFor(post(urlPathEqualTo(gql)).withRequestBody(containing("issueLabels(filter"))
                .willReturn(okJson("{\"data\":{\"issueLabels\":{\"nodes\":[{\"id\":\"label-incident\",\"name\":"
                        + "\"incident\"}]}}}")));
        tracker.stubFor(post(urlPathEqualTo(gql)).withRequestBody(containing("issueLabelCreate"))
                .willReturn(okJson("{\"data\":{\"issueLabelCreate\":{\"success\":true,\"issueLabel\":{\"id\":"
                        + "\"label-new\",\"name\":\"x\"}}}}")));
        tracker.stubFor(post(urlPathEqualTo(gql)).withRequestBody(containing("issueCreate("))
                .willReturn(okJson("{\"data\":{\"issueCreate\":{\"success\":true,\"issue\":{\"id\":"
                        + "\"9cfb482a-81e3-4154-b5b9-2c805e70a02d\",\"identifier\":\"ENG-123\",\"url\":"
                        + "\"https://linear.app/acme/issue/ENG-123/add-an-alert\",\"dueDate\":\"2030-12-06\","
                        + "\"state\":{\"name\":\"Todo\",\"type\":\"unstarted\"},\"assignee\":{\"id\":\"user-bob\"}}}}}")));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the Linear issue", () -> ticket(inc, 1).isPresent());

        LoggedRequest create = trackerCalls("POST", gql).stream().filter(r -> r.getBodyAsString()
                .contains("issueCreate(")).findFirst().orElseThrow();
        assertThat(create.getHeader("Authorization")).isEqualTo("lin_api_secret");
        JsonNode input = json(create.getBodyAsString()).path("variables").path("input");
        assertThat(input.path("teamId").asText()).isEqualTo("team-uuid-1");
        assertThat(input.path("title").asText()).isEqualTo("Add an alert on queue depth");
        assertThat(input.path("dueDate").asText()).isEqualTo("2030-12-06");
        assertThat(input.path("priority").asInt()).isEqualTo(3);
        assertThat(input.path("assigneeId").asText()).isEqualTo("user-bob");
        assertThat(input.path("labelIds").toString()).isEqualTo("[\"label-incident\",\"label-new\",\"label-new\","
                + "\"label-new\",\"label-new\"]");
        JsonNode users = json(trackerCalls("POST", gql).stream().filter(r -> r.getBodyAsString()
                .contains("users(filter")).findFirst().orElseThrow().getBodyAsString());
        assertThat(users.path("variables").path("email").asText()).isEqualTo("bob@example.com");
        ActionTicket t = ticket(inc, 1).orElseThrow();
        assertThat(t.ticketKey()).isEqualTo("ENG-123");
        assertThat(t.statusName()).isEqualTo("Todo");
    }

    @Test
    void doneInSlack_transitionsTheJiraIssueToADoneStatus()
            throws Exception {
        startBot(jira());
        stubJiraUsers();
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(jiraCreated("10000", "OPS-24"))));
        // Transitions as the reference shows them: id, name, and the status they lead to with its category.
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/issue/OPS-24/transitions")).willReturn(okJson(
                "{\"transitions\":[{\"id\":\"11\",\"name\":\"To Do\",\"to\":{\"name\":\"To Do\","
                        + "\"statusCategory\":{\"key\":\"new\"}}},{\"id\":\"21\",\"name\":\"In Progress\","
                        + "\"to\":{\"statusCategory\":{\"key\":\"indeterminate\"}}},{\"id\":\"31\",\"name\":"
                        + "\"Done\",\"to\":{\"name\":\"Done\",\"statusCategory\":{\"key\":\"done\"}}}]}")));
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue/OPS-24/transitions"))
                .willReturn(aResponse().withStatus(204)));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the issue", () -> ticket(inc, 1).isPresent());

        assertThat(replyText(bot.command("action done 1", "CINC", ALICE))).contains("is done");
        await(bot, "the transition", () -> !trackerCalls("POST", "/rest/api/3/issue/OPS-24/transitions").isEmpty());
        assertThat(json(trackerCalls("POST", "/rest/api/3/issue/OPS-24/transitions").get(0).getBodyAsString())
                .path("transition").path("id").asText()).isEqualTo("31");
        await(bot, "the recorded state", () -> ticket(inc, 1).orElseThrow().closed());
    }

    // ------------------------------------------------------------------ link and unlink

    @Test
    void linkingAnExistingTicket_replacesTheItemsTicket_readsItsStatus_andUnlinkUndoesIt() throws Exception {
        startBot(jira());
        stubJiraUsers();
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(jiraCreated("10000", "OPS-24"))));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/issue/OPS-7")).willReturn(okJson("{\"id\":\"10007\","
                + "\"key\":\"OPS-7\",\"fields\":{\"status\":{\"name\":\"In Progress\",\"statusCategory\":{\"key\":"
                + "\"indeterminate\"}},\"duedate\":null,\"assignee\":null}}")));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the created issue", () -> ticket(inc, 1).isPresent());

        assertThat(replyText(bot.command("action link 1 <" + tracker.baseUrl() + "/browse/OPS-7>", "CINC", ALICE)))
                .isEqualTo("Action item *#1* of " + inc.key() + " is linked to <" + tracker.baseUrl()
                        + "/browse/OPS-7|OPS-7>; changes there come back here.");
        await(bot, "the linked ticket's status", () -> "In Progress".equals(ticket(inc, 1).orElseThrow()
                .statusName()));
        ActionTicket t = ticket(inc, 1).orElseThrow();
        assertThat(t.ticketKey()).isEqualTo("OPS-7");
        assertThat(t.linkedBy()).isEqualTo(ALICE);
        assertThat(item(inc, 1).ticketUrl()).isEqualTo(tracker.baseUrl() + "/browse/OPS-7");
        assertThat(item(inc, 1).dueDate()).isEqualTo(LocalDate.of(2030, 12, 6)); // linking copies nothing over
        assertThat(timeline(inc)).contains("Action #1 linked to OPS-7 by <@" + ALICE + ">");

        assertThat(replyText(bot.command("action link 1 not-a-ticket", "CINC", ALICE)))
                .contains("`not-a-ticket` is not a Jira ticket").contains("/incident action link 2 OPS-123");
        assertThat(replyText(bot.command("action link 9 OPS-8", "CINC", ALICE))).contains("has no action item #9");

        assertThat(replyText(bot.command("action unlink 1", "CINC", ALICE))).contains("no longer linked to OPS-7");
        assertThat(ticket(inc, 1)).isEmpty();
        assertThat(item(inc, 1).ticketUrl()).isNull();
        // The hourly check makes no new ticket for an item unlinked on purpose.
        assertThat(new TicketsFeature(bot.runtime.context()).reconcile()).isZero();
    }

    // ------------------------------------------------------------------ webhooks

    @Test
    void githubWebhook_closingTheIssue_closesTheItem_andABadSignatureChangesNothing() throws Exception {
        startBot(github());
        tracker.stubFor(post(urlPathEqualTo("/repos/acme/ops/issues")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody("{\"number\":1347,\"html_url\":"
                        + "\"https://github.com/acme/ops/issues/1347\",\"state\":\"open\",\"labels\":[],"
                        + "\"assignees\":[{\"login\":\"bob-gh\"}]}")));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the issue", () -> ticket(inc, 1).isPresent());

        String closed = "{\"action\":\"closed\",\"issue\":{\"number\":1347,\"html_url\":"
                + "\"https://github.com/acme/ops/issues/1347\",\"state\":\"closed\",\"state_reason\":\"completed\","
                + "\"labels\":[{\"name\":\"due:2030-12-06\"}],\"assignees\":[{\"login\":\"bob-gh\"}]},"
                + "\"repository\":{\"full_name\":\"acme/ops\"},\"sender\":{\"login\":\"bob-gh\"}}";
        assertThat(webhook("/webhooks/github", closed, Map.of("X-GitHub-Event", "issues",
                "X-Hub-Signature-256", "sha256=" + WebhookSignatures.hmacHex("wrong-secret-000000",
                        closed.getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(401);
        assertThat(webhook("/webhooks/github", closed, Map.of("X-GitHub-Event", "issues")).statusCode())
                .isEqualTo(401);
        assertThat(webhook("/webhooks/jira", closed, Map.of()).statusCode()).isEqualTo(401);
        bot.drain();
        assertThat(item(inc, 1).status()).isEqualTo(ActionStatus.OPEN);

        HttpResponse<String> ok = webhook("/webhooks/github", closed, Map.of("X-GitHub-Event", "issues",
                "X-Hub-Signature-256", "sha256=" + WebhookSignatures.hmacHex(SECRET,
                        closed.getBytes(StandardCharsets.UTF_8))));
        assertThat(ok.statusCode()).isEqualTo(200);
        bot.drain();
        assertThat(item(inc, 1).status()).isEqualTo(ActionStatus.DONE);
        assertThat(ticket(inc, 1).orElseThrow().closed()).isTrue();
        assertThat(timeline(inc)).contains("Action #1 done: Add an alert on queue depth (acme/ops#1347 in GitHub"
                + " was closed)");
        // Not echoed back: the issue is closed already.
        assertThat(tracker.findAll(patchRequestedFor(urlPathMatching("/repos/acme/ops/issues/.*")))).isEmpty();
    }

    @Test
    void jiraWebhook_signedOrWithTheUrlToken_reopensAndMovesTheDueDate() throws Exception {
        startBot(jira());
        stubJiraUsers();
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(jiraCreated("10000", "OPS-24"))));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the issue", () -> ticket(inc, 1).isPresent());

        String done = jiraIssueEvent("done", "Done", "2030-12-06");
        assertThat(webhook("/webhooks/jira", done, Map.of("X-Hub-Signature", "sha256=" + WebhookSignatures.hmacHex(
                SECRET, done.getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(200);
        bot.drain();
        assertThat(item(inc, 1).status()).isEqualTo(ActionStatus.DONE);

        String reopened = jiraIssueEvent("new", "To Do", "2030-12-13");
        assertThat(webhook("/webhooks/jira?token=nope", reopened, Map.of()).statusCode()).isEqualTo(401);
        assertThat(webhook("/webhooks/jira?token=" + SECRET, reopened, Map.of()).statusCode()).isEqualTo(200);
        bot.drain();
        ActionItem after = item(inc, 1);
        assertThat(after.status()).isEqualTo(ActionStatus.OPEN);
        assertThat(after.dueDate()).isEqualTo(LocalDate.of(2030, 12, 13));
        assertThat(timeline(inc)).contains("Action #1 reopened: Add an alert on queue depth (OPS-24 in Jira was"
                + " reopened)", "Action #1 is due 2030-12-13 (changed in OPS-24 in Jira)");
        assertThat(tracker.findAll(putRequestedFor(urlPathMatching("/rest/api/3/issue/.*")))).isEmpty();
    }

    @Test
    void linearWebhook_checkedByLinearSignature() throws Exception {
        startBot(linear());
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        bot.drain();
        // The issue was linked by hand (Linear's identifier), so no create call is needed here.
        bot.jdbi().useHandle(h -> h.attach(TicketRepository.class).save(BotHarness.TEAM, inc.number(), 1, "linear",
                "9cfb482a-81e3-4154-b5b9-2c805e70a02d", "ENG-123", "https://linear.app/acme/issue/ENG-123", false,
                "Todo", null, LocalDate.of(2030, 12, 6), ALICE, clock.instant()));
        String event = "{\"action\":\"update\",\"type\":\"Issue\",\"createdAt\":\"2030-11-20T10:00:00.000Z\","
                + "\"data\":{\"id\":\"9cfb482a-81e3-4154-b5b9-2c805e70a02d\",\"identifier\":\"ENG-123\",\"url\":"
                + "\"https://linear.app/acme/issue/ENG-123\",\"dueDate\":\"2030-12-06\",\"state\":{\"name\":\"Done\","
                + "\"type\":\"completed\"}},\"updatedFrom\":{\"stateId\":\"s1\"},\"webhookTimestamp\":"
                + clock.millis() + "}";
        assertThat(webhook("/webhooks/linear", event, Map.of("Linear-Signature", "00ff")).statusCode())
                .isEqualTo(401);
        assertThat(item(inc, 1).status()).isEqualTo(ActionStatus.OPEN);
        assertThat(webhook("/webhooks/linear", event, Map.of("Linear-Signature", WebhookSignatures.hmacHex(SECRET,
                event.getBytes(StandardCharsets.UTF_8)))).statusCode()).isEqualTo(200);
        assertThat(item(inc, 1).status()).isEqualTo(ActionStatus.DONE);
    }

    private String jiraIssueEvent(String category, String status, String due) {
        return "{\"timestamp\":" + clock.millis() + ",\"webhookEvent\":\"jira:issue_updated\",\"issue_event_type_name\":"
                + "\"issue_generic\",\"issue\":{\"id\":\"10000\",\"self\":\"" + tracker.baseUrl()
                + "/rest/api/3/issue/10000\",\"key\":\"OPS-24\",\"fields\":{\"status\":{\"name\":\"" + status
                + "\",\"statusCategory\":{\"key\":\"" + category + "\"}},\"duedate\":\"" + due + "\",\"assignee\":"
                + "{\"accountId\":\"5b10a2844c20165700ede21g\"}}},\"changelog\":{\"items\":[{\"field\":\"status\"}]}}";
    }

    private HttpResponse<String> webhook(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(bot.url(path))).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    // ------------------------------------------------------------------ failures

    @Test
    void trackerDown_thenBack_makesExactlyOneTicket_findingTheOneALostAnswerMade() throws Exception {
        startBot(jira());
        stubJiraUsers();
        // The first create reaches Jira, which makes OPS-30, but the answer is lost; then Jira is down.
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).inScenario("jira").whenScenarioStateIs("Started")
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)).willSetStateTo("made"));
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).inScenario("jira").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(jiraCreated("10031", "OPS-31"))));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).inScenario("jira").whenScenarioStateIs("made")
                .willReturn(aResponse().withStatus(503)).willSetStateTo("back"));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).inScenario("jira").whenScenarioStateIs("back")
                .willReturn(okJson("{\"isLast\":true,\"issues\":[{\"id\":\"10030\",\"key\":\"OPS-30\",\"fields\":"
                        + "{\"status\":{\"name\":\"To Do\",\"statusCategory\":{\"key\":\"new\"}},\"duedate\":"
                        + "\"2030-12-06\",\"assignee\":{\"accountId\":\"5b10a2844c20165700ede21g\"}}}]}")));
        Incident inc = incidentIn(bot, "CINC", "Payments");

        assertThat(replyText(addItem("CINC", "2030-12-06"))).contains("Added action item *#1*");
        bot.drain();
        assertThat(item(inc, 1).text()).isEqualTo("Add an alert on queue depth"); // the item is there regardless
        assertThat(ticket(inc, 1)).isEmpty();
        List<String> pending = bot.jdbi().withHandle(h -> h.attach(TicketRepository.class).countPendingSyncs());
        assertThat(pending).containsExactly("pending=1");
        List<String> rows = bot.jdbi().withHandle(h -> h.attach(TicketRepository.class).listPendingSyncs(5));
        assertThat(rows.get(0))
                .contains("ticket_create " + inc.number() + "#1 attempts=1: TrackerException: jira POST"
                        + " /rest/api/3/issue: no answer");

        clock.advance(Duration.ofMinutes(1)); // the search fails (503): still pending
        bot.drain();
        assertThat(ticket(inc, 1)).isEmpty();
        clock.advance(Duration.ofMinutes(5));
        await(bot, "the ticket", () -> ticket(inc, 1).isPresent());

        assertThat(ticket(inc, 1).orElseThrow().ticketKey()).isEqualTo("OPS-30");
        assertThat(trackerCalls("POST", "/rest/api/3/issue")).hasSize(1);
        List<String> none = bot.jdbi().withHandle(h -> h.attach(TicketRepository.class).countPendingSyncs());
        assertThat(none).isEmpty();
        assertThat(tracker.findAll(getRequestedFor(urlPathEqualTo("/rest/api/3/search/jql"))).get(0)
                .queryParameter("jql").firstValue()).isEqualTo("project = \"OPS\" AND labels = \"" + inc.key()
                        + "#1\" ORDER BY created ASC");
    }

    @Test
    void jira429_waitsTheRetryAfter_beforeTryingAgain() throws Exception {
        startBot(jira());
        stubJiraUsers();
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).inScenario("rate").whenScenarioStateIs("Started")
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120").withHeader("Content-Type",
                        "application/json").withBody("{\"errorMessages\":[\"Rate limit exceeded.\"]}"))
                .willSetStateTo("ok"));
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).inScenario("rate").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                        .withBody(jiraCreated("10040", "OPS-40"))));
        tracker.stubFor(get(urlPathEqualTo("/rest/api/3/search/jql")).willReturn(okJson("{\"issues\":[]}")));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        bot.drain();
        Instant next = bot.jdbi().withHandle(h -> h.createQuery("SELECT next_attempt_at FROM slack_effects WHERE kind"
                + " = 'ticket_create'").mapTo(Instant.class).one());
        assertThat(next).isEqualTo(clock.instant().plusSeconds(120));
        clock.advance(Duration.ofSeconds(119));
        bot.drain();
        assertThat(trackerCalls("POST", "/rest/api/3/issue")).hasSize(1);
        clock.advance(Duration.ofSeconds(1));
        await(bot, "the ticket", () -> ticket(inc, 1).isPresent());
        assertThat(ticket(inc, 1).orElseThrow().ticketKey()).isEqualTo("OPS-40");
        assertThat(trackerCalls("POST", "/rest/api/3/issue")).hasSize(2);
    }

    // ------------------------------------------------------------------ the owner accepts

    @Test
    void owner_accepts_changesTheDueDate_andReassigns_throughButtonsAndForms_andTheTicketFollows()
            throws Exception {
        startBot(jira());
        stubJiraUsers();
        tracker.stubFor(post(urlPathEqualTo("/rest/api/3/issue")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/json").withBody(jiraCreated("10000", "OPS-24"))));
        tracker.stubFor(put(urlPathMatching("/rest/api/3/issue/OPS-24.*")).willReturn(aResponse().withStatus(204)));
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06");
        await(bot, "the ticket and the DM", () -> ticket(inc, 1).isPresent() && !dmTexts().isEmpty());
        JsonNode blocks = json(calls(bot, "chat.postMessage").stream().map(r -> form(r))
                .filter(f -> "DDM1".equals(f.get("channel"))).findFirst().orElseThrow().get("blocks"));
        JsonNode buttons = blocks.get(2).path("elements");
        assertThat(buttons.get(0).path("action_id").asText()).isEqualTo(OwnerAcceptance.ACCEPT);
        assertThat(buttons.get(1).path("text").path("text").asText()).isEqualTo("Change due date");
        assertThat(buttons.get(2).path("text").path("text").asText()).isEqualTo("Reassign");
        String value = buttons.get(0).path("value").asText();
        assertThat(value).isEqualTo(inc.number() + ":1");

        // Someone else's click changes nothing.
        assertThat(bot.interaction(click(ALICE, OwnerAcceptance.ACCEPT, value)).statusCode()).isEqualTo(200);
        await(bot, "the refusal", () -> CommandTestSupport.responseTexts(bot).stream()
                .anyMatch(t -> t.contains("only its owner can accept")));
        assertThat(acceptedAt(inc)).isEmpty();

        assertThat(bot.interaction(click(BOB, OwnerAcceptance.ACCEPT, value)).statusCode()).isEqualTo(200);
        assertThat(acceptedAt(inc)).contains(clock.instant());
        await(bot, "the accepted reply", () -> CommandTestSupport.responses(bot).stream().anyMatch(r -> json(
                r.getBodyAsString()).path("replace_original").asBoolean() && json(r.getBodyAsString())
                .path("text").asText().contains("You accepted #1 of " + inc.key())));
        assertThat(timeline(inc)).contains("Action #1 accepted by <@" + BOB + ">");

        // Change due date: the button opens the date picker, the form's submission moves the date.
        assertThat(bot.interaction(click(BOB, OwnerAcceptance.CHANGE_DUE, value)).statusCode()).isEqualTo(200);
        JsonNode dueForm = json(form(calls(bot, "views.open").get(0)).get("view"));
        assertThat(dueForm.path("callback_id").asText()).isEqualTo(OwnerAcceptance.DUE_FORM);
        assertThat(dueForm.path("blocks").get(1).path("element").path("type").asText()).isEqualTo("datepicker");
        assertThat(dueForm.path("blocks").get(1).path("element").path("initial_date").asText())
                .isEqualTo("2030-12-06");
        HttpResponse<String> past = bot.interaction(submission(BOB, OwnerAcceptance.DUE_FORM, value,
                OwnerAcceptance.DUE_BLOCK, OwnerAcceptance.DUE_INPUT, "datepicker", "selected_date", "2030-11-01"));
        assertThat(json(past.body()).path("errors").path("due").asText()).contains("in the past");
        HttpResponse<String> moved = bot.interaction(submission(BOB, OwnerAcceptance.DUE_FORM, value,
                OwnerAcceptance.DUE_BLOCK, OwnerAcceptance.DUE_INPUT, "datepicker", "selected_date", "2030-12-13"));
        assertThat(moved.statusCode()).isEqualTo(200);
        assertThat(moved.body()).isEmpty();
        assertThat(item(inc, 1).dueDate()).isEqualTo(LocalDate.of(2030, 12, 13));
        await(bot, "the due date in Jira", () -> tracker.findAll(putRequestedFor(urlPathEqualTo(
                "/rest/api/3/issue/OPS-24"))).size() == 1);
        assertThat(json(tracker.findAll(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/OPS-24"))).get(0)
                .getBodyAsString()).path("fields").path("duedate").asText()).isEqualTo("2030-12-13");

        // Reassign: a user picker; the new owner gets their own DM, and the Jira assignee follows.
        assertThat(bot.interaction(click(BOB, OwnerAcceptance.REASSIGN, value)).statusCode()).isEqualTo(200);
        JsonNode reassignForm = json(form(calls(bot, "views.open").get(1)).get("view"));
        assertThat(reassignForm.path("blocks").get(1).path("element").path("type").asText())
                .isEqualTo("users_select");
        HttpResponse<String> handed = bot.interaction(submission(BOB, OwnerAcceptance.REASSIGN_FORM, value,
                OwnerAcceptance.OWNER_BLOCK, OwnerAcceptance.OWNER_INPUT, "users_select", "selected_user", CAROL));
        assertThat(handed.statusCode()).isEqualTo(200);
        ActionItem after = item(inc, 1);
        assertThat(after.ownerId()).isEqualTo(CAROL);
        assertThat(acceptedAt(inc)).isEmpty();
        await(bot, "Carol's DM and the Jira assignee", () -> calls(bot, "conversations.open").stream()
                .anyMatch(r -> form(r).get("users").equals(CAROL)) && !tracker.findAll(putRequestedFor(
                        urlPathEqualTo("/rest/api/3/issue/OPS-24/assignee"))).isEmpty());
        assertThat(json(tracker.findAll(putRequestedFor(urlPathEqualTo("/rest/api/3/issue/OPS-24/assignee"))).get(0)
                .getBodyAsString()).path("accountId").asText()).isEqualTo("5b10ac8d82e05b22cc7d4ef5");
        assertThat(dmTexts()).contains("You own #1 of " + inc.key() + ": Add an alert on queue depth, due Fri 13 Dec");
        assertThat(timeline(inc)).contains("Action #1 reassigned from <@" + BOB + "> to <@" + CAROL + ">");
    }

    @Test
    void anItemNotAcceptedWithinTwoWorkingDays_isListedAsNotAccepted() throws Exception {
        startBot(Map.of());
        Incident inc = incidentIn(bot, "CINC", "Payments");
        addItem("CINC", "2030-12-06"); // Wednesday 10:00
        bot.drain();
        Instant friday = Instant.parse("2030-11-22T09:59:00Z");
        assertThat(notAccepted(friday)).isEmpty();
        assertThat(notAccepted(Instant.parse("2030-11-22T10:01:00Z"))).extracting(ActionItem::text)
                .containsExactly("Add an alert on queue depth");
        // The weekend does not count: assigned on Friday, late on Tuesday.
        assertThat(OwnerAcceptance.workingDaysBefore(Instant.parse("2030-11-26T10:00:00Z"), 2,
                java.time.ZoneOffset.UTC)).isEqualTo(Instant.parse("2030-11-22T10:00:00Z"));

        clock.set(Instant.parse("2030-11-22T11:00:00Z"));
        bot.event("EvHomeNA", "{\"type\":\"app_home_opened\",\"user\":\"" + ALICE + "\",\"channel\":\"DHOME\","
                + "\"tab\":\"home\",\"event_ts\":\"1700000000.000100\"}");
        await(bot, "App Home", () -> !calls(bot, "views.publish").isEmpty());
        String view = form(calls(bot, "views.publish").get(0)).get("view");
        assertThat(view).contains("Not accepted (1)").contains(inc.key() + " #1* Add an alert on queue depth")
                .contains(":hourglass: *not accepted*");

        // The weekly review marks it too, once its owner's two working days are over.
        assertThat(reportLineOf("Add an alert on queue depth", friday)).doesNotContain("not accepted");
        assertThat(reportLineOf("Add an alert on queue depth", Instant.parse("2030-11-22T11:00:00Z")))
                .contains("not accepted");
    }

    private String reportLineOf(String itemText, Instant now) {
        java.time.ZoneId utc = java.time.ZoneOffset.UTC;
        String markdown = dev.incidenttimeline.bot.report.WeeklyReports.render(
                dev.incidenttimeline.bot.report.WeeklyReports.load(bot.jdbi(), BotHarness.TEAM,
                        dev.incidenttimeline.domain.IsoWeek.containing(now, utc), utc, now, true)).markdown();
        return markdown.lines().filter(l -> l.contains(itemText)).findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + itemText + " in\n" + markdown));
    }

    private List<ActionItem> notAccepted(Instant now) {
        Instant before = OwnerAcceptance.workingDaysBefore(now, 2, java.time.ZoneOffset.UTC);
        return bot.jdbi().withHandle(h -> h.attach(ActionItemRepository.class).listNotAccepted(BotHarness.TEAM, null,
                before));
    }

    private Optional<Instant> acceptedAt(Incident inc) {
        return bot.jdbi().withHandle(h -> h.attach(ActionItemRepository.class).findAcceptedAt(BotHarness.TEAM,
                inc.number(), 1));
    }

    private static int clicks;

    /** A block_actions payload from a button of a DM, in the SDK sample's shape. */
    private String click(String user, String actionId, String value) {
        ObjectNode p = CommandTestSupport.JSON.createObjectNode().put("type", "block_actions")
                .put("api_app_id", "A0001").put("token", "legacy").put("trigger_id", "trigger-dm-" + (++clicks));
        p.putObject("team").put("id", BotHarness.TEAM).put("domain", "t");
        p.putObject("user").put("id", user).put("username", "u").put("team_id", BotHarness.TEAM);
        p.putObject("container").put("type", "message").put("message_ts", "1700000000.000100")
                .put("channel_id", "DDM1").put("is_ephemeral", false);
        p.putObject("channel").put("id", "DDM1").put("name", "directmessage");
        p.put("response_url", bot.slack.baseUrl() + "/response/DDM1");
        p.putArray("actions").addObject().put("action_id", actionId).put("block_id", "accept")
                .put("type", "button").put("value", value).put("action_ts", "1700000100.000200")
                .putObject("text").put("type", "plain_text").put("text", actionId);
        return p.toString();
    }

    /** A view_submission of one of the owner's forms, in the SDK sample's shape. */
    private static String submission(String user, String callbackId, String metadata, String block, String action,
            String type, String field, String selected) {
        ObjectNode p = CommandTestSupport.JSON.createObjectNode().put("type", "view_submission")
                .put("api_app_id", "A0001").put("token", "legacy").put("trigger_id", "trigger-form-" + (++clicks));
        p.putObject("team").put("id", BotHarness.TEAM).put("domain", "t");
        p.putObject("user").put("id", user).put("username", "u").put("team_id", BotHarness.TEAM);
        ObjectNode view = p.putObject("view").put("id", "VF1").put("team_id", BotHarness.TEAM).put("type", "modal")
                .put("callback_id", callbackId).put("private_metadata", metadata);
        view.putObject("state").putObject("values").putObject(block).putObject(action).put("type", type)
                .put(field, selected);
        p.putArray("response_urls");
        return p.toString();
    }

}
