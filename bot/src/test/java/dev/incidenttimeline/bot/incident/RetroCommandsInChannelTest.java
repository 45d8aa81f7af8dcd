package dev.incidenttimeline.bot.incident;

import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.replyText;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.home.AppHomeFeature;
import dev.incidenttimeline.bot.retro.Retros;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.retro.RetroMarkdownRenderer;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.RetroRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The retro commands, sent as signed slash-command requests in the incident's channel: key
 * moments, the causal chain, factors, learnings, and the priority, type and flags of action
 * items; and the retro they write, which is the same bytes however often it is rendered.
 */
public class RetroCommandsInChannelTest {
    @RegisterExtension
    public static final TestDatabase testDb = new TestDatabase();
    /** Sunday 2026-11-22 09:30 UTC; the incident was declared on Friday 2026-11-20 at 10:00 UTC (11:00 Berlin). */
    public static final Instant T0 = Instant.parse("2026-11-22T09:30:00Z");
    public static final MutableClock clock = new MutableClock(T0);
    public static final String CHANNEL = "CINCR";
    public static BotHarness bot;
    private Incident inc;
    private String key;

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
        inc = incidentIn(bot, CHANNEL, "Checkout errors");
        key = inc.key().toString();
    }

    private static String run(String text) throws Exception {
        HttpResponse<String> r = bot.command(text, CHANNEL, BOB);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("\"response_type\":\"ephemeral\"");
        return replyText(r);
    }

    private List<TimelineEntry> entries() {
        return bot.jdbi().withHandle(h -> h.attach(TimelineRepository.class)
                .listForIncident(BotHarness.TEAM, inc.number()));
    }

    private List<KeyMoment> moments() {
        return bot.jdbi().withHandle(h -> h.attach(RetroRepository.class).listMoments(BotHarness.TEAM, inc.number()));
    }

    private List<RetroNote> notes() {
        return bot.jdbi().withHandle(h -> h.attach(RetroRepository.class).listNotes(BotHarness.TEAM, inc.number()));
    }

    private List<ActionItem> items() {
        return bot.jdbi().withHandle(h -> h.attach(ActionItemRepository.class)
                .listForIncident(BotHarness.TEAM, inc.number()));
    }

    private String retro() {
        return bot.jdbi().inTransaction(h -> {
            Incident now = h.attach(IncidentRepository.class).find(BotHarness.TEAM, inc.number()).orElseThrow();
            return new RetroMarkdownRenderer().render(Retros.load(h, now), ZoneId.of("Europe/Berlin"),
                    clock.instant());
        });
    }

    // ------------------------------------------------------------------ key moments

    @Test
    public void keyMoments_areSetInEveryForm_audited_andTheRetroSaysWhoSetThem() throws Exception {
        assertThat(run("started 10:45")).isEqualTo("Started of " + key
                + " is now Fri 20 Nov 2026, 10:45 Europe/Berlin; the retro's key timestamps say you set it.");
        // A permalink: the message's own time.
        run("detected <https://acme.slack.com/archives/" + CHANNEL + "/p1795168380000100>");
        run("mitigated 2026-11-20 11:40");
        run("detected 10:52");

        assertThat(moments()).extracting(KeyMoment::moment, KeyMoment::at, KeyMoment::setBy).containsExactly(
                org.assertj.core.groups.Tuple.tuple(KeyMoment.Moment.STARTED, Instant.parse("2026-11-20T09:45:00Z"), BOB),
                org.assertj.core.groups.Tuple.tuple(KeyMoment.Moment.DETECTED, Instant.parse("2026-11-20T09:53:00.000100Z"), BOB),
                org.assertj.core.groups.Tuple.tuple(KeyMoment.Moment.MITIGATED, Instant.parse("2026-11-20T10:40:00Z"), BOB),
                org.assertj.core.groups.Tuple.tuple(KeyMoment.Moment.DETECTED, Instant.parse("2026-11-20T09:52:00Z"), BOB));
        // Each setting is a timeline entry by the person who made it; the change says what it was.
        assertThat(entries()).filteredOn(e -> e.kind() == EntryKind.RETRO).extracting(TimelineEntry::text)
                .last().isEqualTo("Detected: Fri 20 Nov 2026, 10:52 Europe/Berlin (was Fri 20 Nov 2026, 10:53"
                        + " Europe/Berlin)");
        await(bot, "4 posts", () -> calls(bot, "chat.postMessage").size() >= 4);
        assertThat(calls(bot, "chat.postMessage")).extracting(c -> form(c).get("text"))
                .contains(":pencil2: <@U0BOB> set the *detected time*: Fri 20 Nov 2026, 10:52 Europe/Berlin");

        // The latest setting wins, and the key timestamps name who set each.
        String retro = retro();
        assertThat(retro).contains("| Started | Fri 20 Nov 2026, 10:45 CET | set by U0BOB |")
                .contains("| Detected | Fri 20 Nov 2026, 10:52 CET | set by U0BOB |")
                .contains("| Declared | Fri 20 Nov 2026, 11:00 CET | the declaration |")
                .contains("| Mitigated | Fri 20 Nov 2026, 11:40 CET | set by U0BOB |")
                .contains("| Time to detect | 7m |")
                .contains("| Time to mitigate | 55m |");
        // The retro's timeline tells what happened, not how the retro was written.
        assertThat(retro).doesNotContain("Detected: Fri 20 Nov");
    }

    @Test
    public void statusMonitoring_countsAsMitigated_untilAPersonSetsIt() throws Exception {
        clock.set(Instant.parse("2026-11-20T10:30:00Z"));
        run("status monitoring");
        assertThat(retro()).contains("| Mitigated | Fri 20 Nov 2026, 11:30 CET | status change to monitoring |");

        run("mitigated 11:20");
        assertThat(retro()).contains("| Mitigated | Fri 20 Nov 2026, 11:20 CET | set by U0BOB |");
    }

    @Test
    public void keyMoments_badInput_isRefusedWithTheRightForm_andChangesNothing() throws Exception {
        assertThat(run("detected soonish")).contains("`soonish` is not a time I understand")
                .contains("`/incident detected 09:05`");
        assertThat(run("resolved-at 11:30")).isEqualTo(key + " is not resolved yet: resolve it with"
                + " `/incident resolve`, then correct the time with `/incident resolved-at <time>`.");
        assertThat(run("started 2030-01-01 10:00")).contains("is still ahead; give a time that has passed");
        assertThat(moments()).isEmpty();

        run("resolve");
        assertThat(run("resolved-at -1h")).startsWith("Resolved of " + key + " is now Sun 22 Nov 2026, 09:30");
        assertThat(retro()).contains("| Resolved | Sun 22 Nov 2026, 09:30 CET | set by U0BOB |");
    }

    // ------------------------------------------------------------------ analysis

    @Test
    public void rootCauseChainFactorsAndLearnings_fillTheirSections() throws Exception {
        run("rootcause The DNS cache leaked, and the restarts hit the API rate limit");
        assertThat(run("chain The dns-cache sidecar leaked memory")).isEqualTo("Added causal chain step #1 to "
                + key + ". `/incident chain` lists them; `/incident chain remove 1` takes it out.");
        run("chain Every task was OOM-killed and restarted");
        run("factor Floating :stable tag on the sidecar");
        run("factor Not a factor after all");
        run("factor Alerts on task memory, not per container");
        assertThat(run("factor remove 2")).isEqualTo("Removed contributing factor #2 from " + key
                + ": Not a factor after all");
        assertThat(run("factor remove 2")).isEqualTo(key + " has no contributing factor #2; `/incident factors`"
                + " lists them.");
        run("learning went-well The rollback ruled out the deploy");
        run("learning went-wrong The alert fired 7 minutes late");
        run("learning lucky The provider answered quickly");

        assertThat(run("factors")).isEqualTo("*Contributing factors of " + key + "*\n"
                + "• *#1* Floating :stable tag on the sidecar — <@U0BOB>\n"
                + "• *#3* Alerts on task memory, not per container — <@U0BOB>\n"
                + "Remove one with `/incident factor remove <n>`.");
        assertThat(run("learnings")).contains("_What went well_\n• *#1* The rollback ruled out the deploy")
                .contains("_Where we got lucky_\n• *#3* The provider answered quickly");
        assertThat(notes()).hasSize(7);

        String retro = retro();
        assertThat(retro).contains("## Root cause\n\nThe DNS cache leaked, and the restarts hit the API rate limit\n\n"
                + "### Causal chain\n\n1. The dns-cache sidecar leaked memory\n"
                + "2. Every task was OOM-killed and restarted\n")
                .contains("## Contributing factors\n\n- Floating :stable tag on the sidecar\n"
                        + "- Alerts on task memory, not per container\n\n")
                .contains("### What went well\n\n- The rollback ruled out the deploy\n")
                .contains("### What went wrong\n\n- The alert fired 7 minutes late\n")
                .contains("### Where we got lucky\n\n- The provider answered quickly\n")
                .doesNotContain("Not a factor after all");
    }

    @Test
    public void momentForm_andRemovalsOfChainStepsAndLearnings() throws Exception {
        assertThat(run("moment detected 10:50")).startsWith("Detected of " + key + " is now Fri 20 Nov 2026, 10:50");
        assertThat(moments()).extracting(KeyMoment::moment).containsExactly(KeyMoment.Moment.DETECTED);
        run("chain First link");
        run("chain Second link");
        run("learning went-well Fast rollback");
        assertThat(run("chain remove 1")).isEqualTo("Removed causal chain step #1 from " + key + ": First link");
        assertThat(run("learning remove 1")).isEqualTo("Removed learning (went-well) #1 from " + key
                + ": Fast rollback");
        assertThat(run("chain")).isEqualTo("*Causal chain steps of " + key + "*\n• *#2* Second link — <@U0BOB>\n"
                + "Remove one with `/incident chain remove <n>`.");
        assertThat(notes()).extracting(RetroNote::text).containsExactly("Second link");
        assertThat(run("moment soon 10:50")).contains("`moment` needs which one");
    }

    @Test
    public void emptyLists_sayWhichCommandFillsThem() throws Exception {
        assertThat(run("chain")).isEqualTo(key + " has no causal chain steps yet. Add one: `/incident chain <step>`,"
                + " first cause first");
        assertThat(run("learnings")).isEqualTo(key + " has no learnings yet. Add one:"
                + " `/incident learning <went-well|went-wrong|lucky> <text>`");
    }

    // ------------------------------------------------------------------ follow-ups

    @Test
    public void actions_takePriorityAndType_canBeChanged_andAreFlaggedWithTheFix() throws Exception {
        assertThat(run("action Pin sidecar images by digest <@U0ALICE|alice> due 2026-11-30 p1 prevent"))
                .isEqualTo("Added action item *#1* to " + key + ": Pin sidecar images by digest — <@U0ALICE>,"
                        + " due 2026-11-30, p1 prevent.");
        assertThat(run("action Schedule the review <@U0BOB>")).isEqualTo("Added action item *#2* to " + key
                + ": Schedule the review — <@U0BOB>, no due date, p2 cleanup. Give it one:"
                + " `/incident action 2 due <date>`.");

        String list = run("actions");
        assertThat(list).contains("• *#1* Pin sidecar images by digest — <@U0ALICE> · due 2026-11-30 · open · p1"
                + " prevent\n")
                .contains("• *#2* Schedule the review — <@U0BOB> · no due date · open · p2 cleanup · :warning: no due"
                        + " date: `/incident action 2 due <date>`\n");
        assertThat(retro()).contains("- #2 has no due date: `/incident action 2 due <date>`");

        assertThat(run("action 2 process due 2026-11-25")).isEqualTo("Action item *#2* of " + key
                + " is now p2 · process · due 2026-11-25 · owner <@U0BOB>.");
        assertThat(run("action 1 p3 type detect owner <@U0BOB>")).isEqualTo("Action item *#1* of " + key
                + " is now p3 · detect · due 2026-11-30 · owner <@U0BOB>.");
        assertThat(items()).extracting(ActionItem::number, ActionItem::priority, ActionItem::kind,
                ActionItem::dueDate, ActionItem::ownerId).containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, ActionPriority.P3, ActionKind.DETECT,
                        LocalDate.parse("2026-11-30"), BOB),
                org.assertj.core.groups.Tuple.tuple(2, ActionPriority.P2, ActionKind.PROCESS,
                        LocalDate.parse("2026-11-25"), BOB));
        assertThat(entries()).extracting(TimelineEntry::text).contains("Action #2: cleanup → process, due none →"
                + " 2026-11-25");
        assertThat(run("actions")).doesNotContain(":warning:");
        assertThat(retro()).doesNotContain("To fix before the review");

        assertThat(run("action 9 p1")).isEqualTo(key + " has no action item #9; `/incident actions` lists them.");
        assertThat(run("action 1 p4")).contains("`/incident action 2 p1`");
    }

    @Test
    public void retro_isInReviewOrder_cleanupsFirst() throws Exception {
        run("action Alert on sidecar memory <@U0ALICE> due 2026-11-24 p1 detect");
        run("action Remove migrations from boot <@U0ALICE> due 2026-11-28");
        run("action Pin images <@U0ALICE> due 2026-11-23 p2 prevent");

        String retro = retro();
        assertThat(retro.indexOf("| 2 | Remove migrations")).isLessThan(retro.indexOf("| 1 | Alert on sidecar"));
        assertThat(retro.indexOf("| 1 | Alert on sidecar")).isLessThan(retro.indexOf("| 3 | Pin images"));
    }

    // ------------------------------------------------------------------ determinism

    @Test
    public void anUnchangedIncident_rendersTheSameBytes_laterAndViaExport() throws Exception {
        run("summary Checkout failed for 20% of users");
        run("factor Floating tag");
        run("action Pin images <@U0ALICE> due 2026-11-30");
        String first = retro();

        clock.set(T0.plusSeconds(40L * 86_400));
        assertThat(retro()).isEqualTo(first);
        assertThat(first).doesNotContain("2026-11-22T09:30").contains("_Written by incident-timeline from " + key
                + " as last changed at ");
    }
}
