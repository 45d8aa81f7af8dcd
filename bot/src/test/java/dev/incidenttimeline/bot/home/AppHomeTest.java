package dev.incidenttimeline.bot.home;

import dev.incidenttimeline.bot.incident.CommandInChannelTest;
import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import dev.incidenttimeline.bot.slack.BotHarness;
import dev.incidenttimeline.bot.slack.CommandTestSupport;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.ALICE;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.BOB;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.await;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.calls;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.form;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.incidentIn;
import static dev.incidenttimeline.bot.slack.CommandTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.incidenttimeline.bot.incident.MutableClock;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewActionItem;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TestDatabase;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The App Home tab: open incidents, and the viewer's own action items, overdue first. */
class AppHomeTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    /** Friday 2030-11-22 09:30 UTC. */
    static final MutableClock clock = new MutableClock(Instant.parse("2030-11-22T09:30:00Z"));
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
        CommandTestSupport.stubSlack(bot);
    }

    private static String homeOpened(String user, String tab) {
        return "{\"type\":\"app_home_opened\",\"user\":\"" + user + "\",\"channel\":\"DHOME\",\"tab\":\"" + tab
                + "\",\"event_ts\":\"1700000000.000100\"}";
    }

    private static void addItem(Incident inc, String text, String owner, LocalDate due) {
        bot.jdbi().useHandle(h -> h.attach(ActionItemRepository.class).add(BotHarness.TEAM,
                new NewActionItem(inc.number(), text, owner, due, ALICE, clock.instant(), null)));
    }

    private static List<LoggedRequest> publishesTo(String user) {
        return calls(bot, "views.publish").stream().filter(r -> user.equals(form(r).get("user_id"))).toList();
    }

    private static JsonNode publishedView(int index) {
        return json(form(calls(bot, "views.publish").get(index)).get("view"));
    }

    /** The text of each block, one per block (a context block's elements joined). */
    private static List<String> texts(JsonNode view) {
        List<String> out = new ArrayList<>();
        view.path("blocks").forEach(b -> {
            StringBuilder t = new StringBuilder(b.path("text").path("text").asText());
            b.path("elements").forEach(e -> t.append(e.path("text").asText()));
            out.add(t.toString());
        });
        return out;
    }

    @Test
    void openingHome_publishesOpenIncidents_andMyItemsOverdueFirst() throws Exception {
        Incident db = incidentIn(bot, "CDB", "DB failover");
        Incident api = incidentIn(bot, "CAPI", "API latency");
        addItem(db, "Write the runbook", BOB, LocalDate.of(2030, 12, 5));
        addItem(api, "Add a latency alert", BOB, LocalDate.of(2030, 11, 20));
        addItem(db, "Undated follow-up", BOB, null);
        addItem(db, "Alice's item", ALICE, LocalDate.of(2030, 11, 1));

        assertThat(bot.event("EvHome1", homeOpened(BOB, "home")).statusCode()).isEqualTo(200);
        // Alice's home may be published too (her item changed), before or after Bob's.
        await(bot, "views.publish to Bob", () -> publishesTo(BOB).size() == 1);

        JsonNode view = json(form(publishesTo(BOB).get(0)).get("view"));
        assertThat(view.path("type").asText()).isEqualTo("home");
        List<String> texts = texts(view);
        assertThat(texts.get(0)).isEqualTo("Open incidents (2)");
        assertThat(String.join("\n", texts))
                .contains("*" + db.key() + "* · :large_orange_circle: SEV2 · investigating\nDB failover\n<#CDB> · open")
                .contains("*" + api.key() + "* · :large_orange_circle: SEV2")
                .contains("Your action items (3 open, 1 overdue)")
                .doesNotContain("Alice's item");
        int overdue = indexOf(texts, "Add a latency alert");
        int dated = indexOf(texts, "Write the runbook");
        int undated = indexOf(texts, "Undated follow-up");
        assertThat(overdue).isLessThan(dated);
        assertThat(dated).isLessThan(undated);
        assertThat(texts.get(overdue)).contains("*" + api.key() + " #1* Add a latency alert")
                .contains(":warning: *overdue* by 2 days (due 2030-11-20)").contains("<#CAPI>");
        assertThat(texts.get(dated)).contains("due 2030-12-05");
        JsonNode button = view.path("blocks").get(overdue).path("accessory");
        assertThat(button.path("action_id").asText()).isEqualTo("action_done");
        assertThat(button.path("value").asText()).isEqualTo(api.number() + ":1");
    }

    @Test
    void homeWithNothing_saysSo() throws Exception {
        bot.event("EvHome2", homeOpened(BOB, "home"));
        await(bot, "views.publish", () -> calls(bot, "views.publish").size() == 1);
        assertThat(String.join("\n", texts(publishedView(0)))).contains("No open incidents")
                .contains("You have no open action items.");
    }

    @Test
    void messagesTab_publishesNothing_andARetriedEventPublishesOnce() throws Exception {
        bot.event("EvHome3", homeOpened(BOB, "messages"));
        bot.event("EvHome4", homeOpened(BOB, "home"));
        bot.eventRetry("EvHome4", homeOpened(BOB, "home"), 1);
        await(bot, "both events handled", () -> bot.jdbi().withHandle(h -> h.createQuery(
                "SELECT count(*) FROM slack_events WHERE status = 'done'").mapTo(Integer.class).one()) == 2);
        await(bot, "views.publish", () -> calls(bot, "views.publish").size() == 1);
        bot.drain();
        assertThat(calls(bot, "views.publish")).hasSize(1);
    }

    @Test
    void privateIncidents_areOnlyCountedForPeopleNotInvolved() throws Exception {
        Incident secret = bot.jdbi().withHandle(h -> {
            IncidentRepository repo = h.attach(IncidentRepository.class);
            Incident i = repo.create(new NewIncident(BotHarness.TEAM, "Payroll data exposed", Severity.SEV1, true,
                    ALICE, ALICE, clock.instant(), null));
            repo.setChannel(BotHarness.TEAM, i.number(), "CSECRET", "inc-secret");
            return i;
        });
        bot.event("EvHome5", homeOpened(BOB, "home"));
        bot.event("EvHome6", homeOpened(ALICE, "home"));
        await(bot, "two publishes", () -> calls(bot, "views.publish").size() == 2);
        for (int i = 0; i < 2; i++) {
            String user = form(calls(bot, "views.publish").get(i)).get("user_id");
            String all = String.join("\n", texts(publishedView(i)));
            if (user.equals(BOB)) {
                assertThat(all).doesNotContain("Payroll").contains("1 private incident you are not part of");
            } else {
                assertThat(all).contains("*" + secret.key() + "*").contains("Payroll data exposed");
            }
        }
    }

    @Test
    void markDoneFromHome_closesTheItem_andRepublishesHome() throws Exception {
        Incident db = incidentIn(bot, "CDB", "DB failover");
        addItem(db, "Write the runbook", BOB, null);

        assertThat(bot.interaction(CommandInChannelTest.buttonClick(bot, BOB, db.number() + ":1", false))
                .statusCode()).isEqualTo(200);

        ActionStatus status = bot.jdbi().withHandle(h -> h.attach(ActionItemRepository.class)
                .find(BotHarness.TEAM, db.number(), 1).orElseThrow().status());
        assertThat(status).isEqualTo(ActionStatus.DONE);
        await(bot, "the refreshed home", () -> calls(bot, "views.publish").size() == 1);
        assertThat(String.join("\n", texts(publishedView(0)))).contains("You have no open action items.");
        await(bot, "the line in the incident channel", () -> calls(bot, "chat.postMessage").stream()
                .anyMatch(c -> "CDB".equals(form(c).get("channel"))));
    }

    private static int indexOf(List<String> texts, String fragment) {
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i).contains(fragment)) {
                return i;
            }
        }
        throw new AssertionError(fragment + " not in " + texts);
    }
}
