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
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.count;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.replyText;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.responseTexts;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The sub-commands that act on an incident, run in its channel, and their errors. */
public class CommandInChannelTest {
    @RegisterExtension
    public static final TestDatabase testDb = new TestDatabase();
    /** Friday 2030-11-22 09:30 UTC. */
    public static final Instant T0 = Instant.parse("2030-11-22T09:30:00Z");
    public static final MutableClock clock = new MutableClock(T0);
    public static final String CHANNEL = "CINC";
    public static BotHarness bot;
    public Incident inc;
    public String key;

    @BeforeAll
    public static void start() throws Exception {
        bot = new BotHarness(testDb.jdbcUrl(), Map.of("TIMEZONE", "Europe/Berlin"), clock,
                ctx -> List.of(new IncidentCommandFeature(ctx), new AppHomeFeature(ctx)));
    }

    @AfterAll
    public static void stop() {
        bot.close();
    }

    @BeforeEach
    public void setUp() {
        testDb.truncateAll();
        clock.set(T0);
        CommandTestSupport.stubSlack(bot);
        inc = incidentIn(bot, CHANNEL, "DB failover");
        key = inc.key().toString();
    }

    private static HttpResponse<String> run(String text) throws Exception {
        return bot.command(text, CHANNEL, BOB);
    }

    private Incident reload() {
        return bot.jdbi().withHandle(h -> h.attach(IncidentRepository.class).find(BotHarness.TEAM, inc.number())
                .orElseThrow());
    }

    private List<TimelineEntry> entries() {
        return bot.jdbi().withHandle(h -> h.attach(TimelineRepository.class)
                .listForIncident(BotHarness.TEAM, inc.number()));
    }

    private List<ActionItem> items() {
        return bot.jdbi().withHandle(h -> h.attach(ActionItemRepository.class)
                .listForIncident(BotHarness.TEAM, inc.number()));
    }

    private static void awaitCalls(String method, int n) {
        await(bot, n + " " + method, () -> calls(bot, method).size() >= n);
    }

    @Test
    public void status_isRecorded_announcedInTheChannel_andUpdatesTheTopic() throws Exception {
        HttpResponse<String> r = run("status identified");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(replyText(r)).isEqualTo(key + " is now *identified*.");
        assertThat(r.body()).contains("\"response_type\":\"ephemeral\"");
        assertThat(reload().status()).isEqualTo(IncidentStatus.IDENTIFIED);
        assertThat(entries()).last().extracting(TimelineEntry::kind, TimelineEntry::text, TimelineEntry::authorId)
                .containsExactly(EntryKind.STATUS, "investigating → identified", BOB);
        awaitCalls("chat.postMessage", 1);
        awaitCalls("conversations.setTopic", 1);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("text", equalTo(":arrows_counterclockwise: <@U0BOB> moved " + key
                        + " from *investigating* to *identified*")));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.setTopic"))
                .withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("topic", equalTo(key + " · SEV2 · identified · IC <@U0ALICE> · DB failover")));
    }

    @Test
    public void severityAndCommander_keepTheTopicCurrent() throws Exception {
        assertThat(replyText(run("sev 1"))).isEqualTo(key + " is now SEV1.");
        assertThat(replyText(run("commander <@U0BOB|bob>"))).contains("<@U0BOB> is now the commander of " + key);
        // A topic queued behind a newer one may be skipped (the last write wins), so only the last one is fixed.
        String newest = key + " · SEV1 · investigating · IC <@U0BOB> · DB failover";
        await(bot, "the newest topic", () -> lastTopic().equals(newest));

        assertThat(reload().severity()).isEqualTo(Severity.SEV1);
        assertThat(reload().commanderId()).isEqualTo(BOB);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/conversations.invite"))
                .withFormParam("channel", equalTo(CHANNEL)).withFormParam("users", equalTo(BOB)));
        assertThat(entries()).extracting(TimelineEntry::kind).containsExactly(EntryKind.DECLARED,
                EntryKind.SEVERITY, EntryKind.ROLE);
    }

    private static String lastTopic() {
        List<LoggedRequest> topics = calls(bot, "conversations.setTopic");
        return topics.isEmpty() ? "" : form(topics.get(topics.size() - 1)).get("topic");
    }

    @Test
    public void olderTopicRateLimited_behindANewerOne_neverOverwritesIt() throws Exception {
        bot.rateLimitOnce("conversations.setTopic", 1);
        run("status identified");
        await(bot, "the rate-limited topic", () -> calls(bot, "conversations.setTopic").size() == 1);
        await(bot, "its release", () -> bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM slack_effects WHERE kind = 'set_topic' AND attempts = 1 AND locked_by IS NULL")
                .mapTo(Integer.class).one()) == 1);

        run("status monitoring");
        String newest = key + " · SEV2 · monitoring · IC <@U0ALICE> · DB failover";
        await(bot, "the newer topic", () -> lastTopic().equals(newest));
        // The older topic's Retry-After has passed: were it still queued, it would land now.
        clock.advance(Duration.ofMinutes(1));
        bot.drain();

        assertThat(lastTopic()).isEqualTo(newest);
        assertThat(calls(bot, "conversations.setTopic")).extracting(c -> form(c).get("topic"))
                .doesNotHaveDuplicates().hasSize(2);
    }

    @Test
    public void postWhoseReplyWasLost_isFoundByItsMetadata_andNotPostedAgain() throws Exception {
        // Slack posted the note but its reply was lost (a gateway timeout).
        bot.slack.stubFor(post(urlPathEqualTo("/api/chat.postMessage")).inScenario("post")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(504))
                .willSetStateTo("posted"));
        run("note failover to db-replica-2 started");
        await(bot, "the failed post", () -> bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM slack_effects WHERE kind = 'post_message' AND attempts = 1 AND locked_by IS NULL")
                .mapTo(Integer.class).one()) == 1);
        String dedupeKey = bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT dedupe_key FROM slack_effects WHERE kind = 'post_message' AND attempts = 1")
                .mapTo(String.class).one());
        String sentMetadata = form(calls(bot, "chat.postMessage").get(0)).get("metadata");
        assertThat(sentMetadata).contains("incident_timeline_post").contains(dedupeKey);
        // Shape of the SDK's recorded sample json-logs/samples/api/conversations.history.json,
        // with the metadata Slack returns for include_all_metadata.
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).willReturn(okJson("""
                {"ok":true,"has_more":false,"messages":[
                  {"type":"message","user":"%s","bot_id":"BBOT","text":"note","ts":"%d.000200",
                   "metadata":{"event_type":"incident_timeline_post","event_payload":{"dedupe_key":"%s"}}}],
                 "response_metadata":{"next_cursor":""}}
                """.formatted(BotHarness.BOT_USER, T0.getEpochSecond(), dedupeKey))));

        clock.advance(Duration.ofMinutes(1));
        bot.drain();

        assertThat(calls(bot, "chat.postMessage")).hasSize(1);
        Map<String, String> lookup = form(calls(bot, "conversations.history").get(0));
        assertThat(lookup).containsEntry("include_all_metadata", "1");
        String status = bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM slack_effects WHERE dedupe_key = :k").bind("k", dedupeKey)
                .mapTo(String.class).one());
        assertThat(status).isEqualTo("done");
    }

    @Test
    public void resolve_recordsIt_andPutsResolvedInTheTopic() throws Exception {
        clock.advance(Duration.ofHours(2));
        assertThat(replyText(run("resolve"))).contains(key + " is resolved");
        assertThat(reload().status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(reload().resolvedAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        awaitCalls("conversations.setTopic", 1);
        assertThat(form(calls(bot, "conversations.setTopic").get(0)).get("topic")).contains("· resolved ·");
        awaitCalls("chat.postMessage", 1);
        assertThat(form(calls(bot, "chat.postMessage").get(0)).get("text")).contains("resolved " + key + " after");
    }

    @Test
    public void resolve_backFillsATagMadeWhileNoReplicaWasRunning() throws Exception {
        String ts = T0.getEpochSecond() + 600 + ".000100";
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.history")).willReturn(okJson(
                "{\"ok\":true,\"has_more\":false,\"messages\":[{\"type\":\"message\",\"user\":\"U0ALICE\","
                        + "\"text\":\"disk on db-main-1 is full\",\"ts\":\"" + ts + "\",\"reactions\":[{\"name\":"
                        + "\"dart\",\"count\":1,\"users\":[\"U0BOB\"]}]}],\"response_metadata\":{\"next_cursor\":\"\"}}")));
        bot.slack.stubFor(post(urlPathEqualTo("/api/chat.getPermalink")).willReturn(okJson(
                "{\"ok\":true,\"permalink\":\"https://t.slack.com/archives/CINC/p1\"}")));
        clock.advance(Duration.ofHours(2));

        assertThat(replyText(run("resolve"))).contains(key + " is resolved");

        await(bot, "the back-filled root cause", () -> entries().stream()
                .anyMatch(e -> e.kind() == EntryKind.ROOT_CAUSE && e.text().equals("disk on db-main-1 is full")));
        assertThat(entries()).filteredOn(e -> e.kind() == EntryKind.ROOT_CAUSE).singleElement()
                .extracting(TimelineEntry::authorId, TimelineEntry::taggedBy, TimelineEntry::messageTs)
                .containsExactly(ALICE, BOB, ts);
    }

    @Test
    public void dri_isRecorded() throws Exception {
        assertThat(replyText(run("dri <@U0ALICE>"))).contains("<@U0ALICE> is now the DRI");
        assertThat(reload().driId()).isEqualTo(ALICE);
    }

    @Test
    public void note_isOnTheTimeline_andPostedVisibly() throws Exception {
        assertThat(replyText(run("note Failed over to the replica &amp; paused writes")))
                .isEqualTo("Noted on the timeline of " + key + ".");
        assertThat(entries()).last().extracting(TimelineEntry::kind, TimelineEntry::text)
                .containsExactly(EntryKind.NOTE, "Failed over to the replica &amp; paused writes");
        awaitCalls("chat.postMessage", 1);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("text", equalTo(":memo: *Note* from <@U0BOB>: Failed over to the replica &amp;"
                        + " paused writes")));
    }

    @Test
    public void note_withHereAndAUserGroup_isPostedAsPlainText_notAsABroadcast() throws Exception {
        // Slack delivers "@here" and a user group typed into a command as these tokens.
        run("note <!here> failover done, thanks <!subteam^S0614TZR7|@dba> and <@U0ALICE>");
        awaitCalls("chat.postMessage", 1);
        String posted = form(calls(bot, "chat.postMessage").get(0)).get("text");
        assertThat(posted).contains("@here failover done, thanks @dba and <@U0ALICE>")
                .doesNotContain("<!here>", "<!subteam");
    }

    @Test
    public void retroFields_areStoredAndRecorded() throws Exception {
        assertThat(replyText(run("summary Writes failed for 20 minutes")))
                .isEqualTo("The summary of " + key + " is set; it goes into the retro.");
        assertThat(replyText(run("impact 1,200 orders delayed"))).contains("The impact of " + key + " is set");
        assertThat(replyText(run("rootcause Replica lag after failover")))
                .contains("The root cause of " + key + " is set");
        assertThat(replyText(run("factors No alert on replica lag; failover untested")))
                .isEqualTo("The contributing factors of " + key + " are set; they go into the retro.");
        Incident after = reload();
        assertThat(after.summary()).isEqualTo("Writes failed for 20 minutes");
        assertThat(after.impact()).isEqualTo("1,200 orders delayed");
        assertThat(after.rootCause()).isEqualTo("Replica lag after failover");
        assertThat(after.contributingFactors()).isEqualTo("No alert on replica lag; failover untested");
        assertThat(entries()).extracting(TimelineEntry::kind).containsExactly(EntryKind.DECLARED,
                EntryKind.SUMMARY, EntryKind.IMPACT, EntryKind.ROOT_CAUSE, EntryKind.FINDING);
        awaitCalls("chat.postMessage", 4);
        assertThat(calls(bot, "chat.postMessage")).extracting(c -> form(c).get("text")).containsExactlyInAnyOrder(
                ":pencil2: <@U0BOB> set the *summary*: Writes failed for 20 minutes",
                ":pencil2: <@U0BOB> set the *impact*: 1,200 orders delayed",
                ":pencil2: <@U0BOB> set the *root cause*: Replica lag after failover",
                ":pencil2: <@U0BOB> set the *contributing factors*: No alert on replica lag; failover untested");
    }

    @Test
    public void action_isAddedWithOwnerAndDueDate_andItsButtonClosesIt() throws Exception {
        HttpResponse<String> r = run("action Add an alert on replica lag <@U0ALICE|alice> due tomorrow");
        assertThat(replyText(r)).isEqualTo("Added action item *#1* to " + key
                + ": Add an alert on replica lag — <@U0ALICE>, due 2030-11-23, p2 cleanup.");
        assertThat(items()).singleElement().satisfies(i -> {
            assertThat(i.text()).isEqualTo("Add an alert on replica lag");
            assertThat(i.ownerId()).isEqualTo(ALICE);
            assertThat(i.dueDate()).isEqualTo(LocalDate.of(2030, 11, 23));
            assertThat(i.createdBy()).isEqualTo(BOB);
        });
        awaitCalls("chat.postMessage", 1);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/chat.postMessage"))
                .withFormParam("channel", equalTo(CHANNEL))
                .withFormParam("blocks", matchingJsonPath("$[0].accessory.action_id", equalTo("action_done")))
                .withFormParam("blocks", matchingJsonPath("$[0].accessory.value",
                        equalTo(inc.number() + ":1"))));

        HttpResponse<String> click = bot.interaction(buttonClick(bot, ALICE, inc.number() + ":1", true));
        assertThat(click.statusCode()).isEqualTo(200);
        assertThat(items().get(0).status()).isEqualTo(ActionStatus.DONE);
        assertThat(items().get(0).closedBy()).isEqualTo(ALICE);
        await(bot, "the button's reply", () -> responseTexts(bot).stream().anyMatch(t -> t.contains("is done")));
        awaitCalls("chat.postMessage", 2);
        assertThat(form(calls(bot, "chat.postMessage").get(1)).get("text"))
                .isEqualTo(":white_check_mark: <@U0ALICE> marked action item *#1* of " + key
                        + " done: Add an alert on replica lag");
        assertThat(entries()).last().extracting(TimelineEntry::text)
                .isEqualTo("Action #1 done: Add an alert on replica lag");

        bot.interaction(buttonClick(bot, ALICE, inc.number() + ":1", true));
        await(bot, "the second click's reply",
                () -> responseTexts(bot).stream().anyMatch(t -> t.contains("is already done")));
    }

    @Test
    public void button_forAnIncidentThatNoLongerExists_saysSo() throws Exception {
        bot.interaction(buttonClick(bot, ALICE, "987654:1", true));
        await(bot, "the reply", () -> responseTexts(bot).stream().anyMatch(t -> t.contains("INC-987654 no longer exists")));
    }

    @Test
    public void actionDoneAndDrop_byNumber_andTheListShowsStatusAndOverdue() throws Exception {
        run("action Add an alert <@U0ALICE> due tomorrow");
        run("action Write the runbook <@U0BOB>");
        run("action Rotate keys <@U0BOB> due 2030-12-01");
        assertThat(replyText(run("action done 2"))).contains("#2* of " + key + " is done");
        assertThat(replyText(run("action drop #3"))).contains("#3* of " + key + " is dropped");
        clock.advance(Duration.ofDays(3));

        String list = replyText(run("actions"));
        assertThat(list).contains("*Action items of " + key + "* (1 open of 3)")
                .contains("*#1* Add an alert — <@U0ALICE> · due 2030-11-23 · open · :warning: *overdue*")
                .contains("*#2* Write the runbook — <@U0BOB> · no due date · done")
                .contains("*#3* Rotate keys — <@U0BOB> · due 2030-12-01 · dropped");
        assertThat(replyText(run("action done 2"))).contains("already done");
        assertThat(replyText(run("action done 7"))).contains(key + " has no action item #7");
    }

    @Test
    public void timeline_isShownOnlyToTheCaller_withTimeKindAuthorAndText() throws Exception {
        run("note Paused writes");
        awaitCalls("chat.postMessage", 1);
        HttpResponse<String> r = run("timeline");
        assertThat(r.body()).contains("\"response_type\":\"ephemeral\"");
        assertThat(replyText(r)).contains("*Timeline of " + key + "*, latest 2 entries (times in Europe/Berlin)")
                .contains("*Declared* · <@U0ALICE> · Declared SEV2: DB failover")
                .contains("`2030-11-22 10:30` *Note* · <@U0BOB> · Paused writes");
        bot.drain();
        assertThat(calls(bot, "chat.postMessage")).hasSize(1);
    }

    @Test
    public void export_uploadsTheRetroAsAMarkdownFileToTheChannel() throws Exception {
        run("rootcause Replica lag after failover");
        assertThat(replyText(run("export"))).contains("Uploading the retro of " + key);
        awaitCalls("files.completeUploadExternal", 1);
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/files.getUploadURLExternal"))
                .withFormParam("filename", equalTo("retro-" + key + ".md")));
        bot.slack.verify(postRequestedFor(urlPathMatching("/upload/.*"))
                .withRequestBody(containing("DB failover")).withRequestBody(containing("Replica lag after failover")));
        bot.slack.verify(postRequestedFor(urlPathEqualTo("/api/files.completeUploadExternal"))
                .withFormParam("channel_id", equalTo(CHANNEL)));
    }

    @Test
    public void list_worksAnywhere() throws Exception {
        HttpResponse<String> r = bot.command("list", "CGENERAL", BOB);
        assertThat(replyText(r)).contains("*Open incidents* (1)").contains("*" + key + "* SEV2 · investigating · <#"
                + CHANNEL + "> · DB failover");
    }

    @Test
    public void report_uploadsTheWeeklyReviewHere() throws Exception {
        HttpResponse<String> r = bot.command("report 2030-W47", "CREVIEW", BOB);
        assertThat(replyText(r)).contains("Uploading the incident review of 2030-W47");
        awaitCalls("files.completeUploadExternal", 2);
        assertThat(calls(bot, "files.getUploadURLExternal")).extracting(c -> form(c).get("filename"))
                .containsExactlyInAnyOrder("incident-review-2030-W47.md", "incident-review-2030-W47.png");
    }

    @Test
    public void report_whereTheBotIsNotAMember_saysSo_andUploadsNothing() throws Exception {
        bot.slack.stubFor(post(urlPathEqualTo("/api/conversations.info")).willReturn(okJson(
                "{\"ok\":true,\"channel\":{\"id\":\"CREVIEW\",\"is_member\":false}}")));
        assertThat(replyText(bot.command("report", "CREVIEW", BOB))).contains("I'm not a member of this channel");
        assertThat(count(bot, "slack_effects")).isZero();
    }

    @Test
    public void help_listsTheSubCommands() throws Exception {
        assertThat(replyText(bot.command("help", "CGENERAL", BOB))).contains("/incident declare")
                .contains("/incident action <what> @owner [due <date>]").contains("/incident report [2026-W47]");
        assertThat(replyText(bot.command("", "CGENERAL", BOB))).contains("*`/incident` sub-commands*");
    }

    // ------------------------------------------------------------------ errors: ephemeral, nothing written

    private void assertNothingWritten() {
        bot.drain();
        assertThat(entries()).hasSize(1);
        assertThat(items()).isEmpty();
        assertThat(reload()).isEqualTo(inc);
        assertThat(count(bot, "slack_effects")).isZero();
        assertThat(calls(bot, "chat.postMessage")).isEmpty();
    }

    @Test
    public void changeOutsideAnIncidentChannel_isRefused_namingTheIncidentChannel() throws Exception {
        HttpResponse<String> r = bot.command("note Paused writes", "CRANDOM", BOB);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"response_type\":\"ephemeral\"");
        assertThat(replyText(r)).isEqualTo("This is not an incident channel; run it in the incident's channel, e.g."
                + " <#" + CHANNEL + ">. `/incident list` shows the open incidents and their channels.");
        assertNothingWritten();
    }

    @Test
    public void unknownSubCommand_isRefused() throws Exception {
        HttpResponse<String> r = run("stauts identified");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(replyText(r)).contains("I don't know `/incident stauts`").contains("/incident status");
        assertNothingWritten();
    }

    @Test
    public void badDueDate_isRefused() throws Exception {
        assertThat(replyText(run("action Add an alert <@U0ALICE> due someday")))
                .contains("'someday' is not a due date").contains("/incident action");
        assertThat(replyText(run("action Add an alert <@U0ALICE> due 2030-11-01")))
                .contains("2030-11-01 is in the past");
        assertNothingWritten();
    }

    @Test
    public void unknownSeverity_isRefused() throws Exception {
        assertThat(replyText(run("sev 7"))).isEqualTo("`7` is not a severity; `sev` needs a level 1-4:"
                + " `/incident sev 2`");
        assertNothingWritten();
    }

    @Test
    public void repeatedChange_isRefused() throws Exception {
        assertThat(replyText(run("status investigating"))).isEqualTo(key + " is already *investigating*.");
        assertNothingWritten();
    }

    @Test
    public void rateLimitedPost_isRetriedAfterRetryAfter_andPostedExactlyOnce() throws Exception {
        bot.rateLimitOnce("chat.postMessage", 30);
        run("note Paused writes");
        await(bot, "the failed first attempt", () -> bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT attempts FROM slack_effects WHERE kind = 'post_message'").mapTo(Integer.class).one()) == 1);
        bot.drain();
        // Not due before Retry-After has passed.
        assertThat(calls(bot, "chat.postMessage")).hasSize(1);
        String status = bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT status || ' ' || attempts || ' ' || (next_attempt_at = :due) FROM slack_effects WHERE kind = 'post_message'")
                .bind("due", T0.plusSeconds(30)).mapTo(String.class).one());
        assertThat(status).isEqualTo("pending 1 true");

        clock.advance(Duration.ofSeconds(31));
        await(bot, "the retried post", () -> "done".equals(bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT status FROM slack_effects WHERE kind = 'post_message'").mapTo(String.class).one())));
        bot.drain();
        assertThat(calls(bot, "chat.postMessage")).hasSize(2);
        String done = bot.jdbi().withHandle(h -> h.createQuery("SELECT status FROM slack_effects WHERE kind = 'post_message'")
                .mapTo(String.class).one());
        assertThat(done).isEqualTo("done");
        assertThat(form(calls(bot, "chat.postMessage").get(1)).get("text")).contains("Paused writes");
    }

    /** A block_actions payload for the "Mark done" button, from a channel message (with response_url) or App Home. */
    /** Slack makes a trigger id per click; the bot recognises a replayed click by it. */
    private static final java.util.concurrent.atomic.AtomicInteger CLICKS = new java.util.concurrent.atomic.AtomicInteger();

    public static String buttonClick(BotHarness bot, String user, String value, boolean fromMessage) {
        ObjectNode p = CommandTestSupport.JSON.createObjectNode().put("type", "block_actions")
                .put("api_app_id", "A0001").put("token", "legacy")
                .put("trigger_id", "trigger-click-" + CLICKS.incrementAndGet());
        p.putObject("team").put("id", BotHarness.TEAM).put("domain", "t");
        p.putObject("user").put("id", user).put("username", "u").put("team_id", BotHarness.TEAM);
        if (fromMessage) {
            p.putObject("container").put("type", "message").put("message_ts", "1700000000.000100")
                    .put("channel_id", CHANNEL).put("is_ephemeral", false);
            p.putObject("channel").put("id", CHANNEL).put("name", "inc");
            p.put("response_url", bot.slack.baseUrl() + "/response/" + CHANNEL);
        } else {
            p.putObject("container").put("type", "view").put("view_id", "VHOME");
            p.putObject("view").put("id", "VHOME").put("type", "home").put("team_id", BotHarness.TEAM);
        }
        p.putArray("actions").addObject().put("action_id", "action_done").put("block_id", "b1")
                .put("type", "button").put("value", value).put("action_ts", "1700000100.000200")
                .putObject("text").put("type", "plain_text").put("text", "Mark done");
        return p.toString();
    }
}
