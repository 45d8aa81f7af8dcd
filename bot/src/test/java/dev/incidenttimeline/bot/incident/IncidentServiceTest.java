package dev.incidenttimeline.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.bot.incident.IncidentCommand;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.incident.IncidentService.ChannelOutcome;
import dev.incidenttimeline.bot.incident.IncidentService.DeclareRequest;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionItemNotFoundException;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentNotFoundException;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TestDatabase;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class IncidentServiceTest {
    @RegisterExtension
    static final TestDatabase testDb = new TestDatabase();
    static final String TEAM = "T1";
    static final String ALICE = "U0ALICE";
    static final String BOB = "U0BOB";
    static final Instant T0 = Instant.parse("2026-11-22T23:30:00Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final MutableClock clock = new MutableClock(T0);
    final AtomicInteger wakes = new AtomicInteger();
    IncidentService service;
    Jdbi jdbi;

    @BeforeEach
    void setUp() {
        testDb.truncateAll();
        jdbi = testDb.jdbi();
        service = new IncidentService(jdbi, clock, Settings.fromEnv(Map.of("TIMEZONE", "Europe/Berlin")),
                wakes::incrementAndGet);
    }

    /** An incident with channel {@code channel}, declared by Alice; the declare effects are cleared. */
    private Incident open(String title, String channel) {
        Incident inc = service.declare(TEAM, ALICE, new DeclareRequest(title, Severity.SEV2, false, null));
        ChannelOutcome out = service.createChannel(TEAM, inc.number(), service.channelName(inc), (n, p) -> channel);
        clearEffects();
        return ((ChannelOutcome.Ready) out).incident();
    }

    private Invocation in(String channel, String user) {
        return new Invocation(TEAM, channel, user);
    }

    private void clearEffects() {
        jdbi.useHandle(h -> h.execute("DELETE FROM slack_effects"));
    }

    record Effect(String kind, JsonNode payload) {
    }

    /** The effects a change queues; profile reads (users.info on first sight) are left out. */
    private List<Effect> effects() {
        return jdbi.withHandle(h -> h.createQuery("SELECT kind, payload::text AS p FROM slack_effects"
                        + " WHERE kind NOT IN ('fetch_user', 'fetch_bot', 'action_item_sync') ORDER BY id")
                .map((rs, ctx) -> {
                    try {
                        return new Effect(rs.getString("kind"), JSON.readTree(rs.getString("p")));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }).list());
    }

    private List<TimelineEntry> entries(Incident inc) {
        return jdbi.withHandle(h -> h.attach(TimelineRepository.class).listForIncident(TEAM, inc.number()));
    }

    private Incident reload(Incident inc) {
        return jdbi.withHandle(h -> h.attach(IncidentRepository.class).find(TEAM, inc.number()).orElseThrow());
    }

    @Test
    void declare_storesTheIncidentAndItsDeclaredEntry_withoutAChannelYet() {
        Incident inc = service.declare(TEAM, ALICE, new DeclareRequest("DB failover", Severity.SEV1, true,
                "Primary is down"));
        assertThat(inc.key().toString()).startsWith("INC-");
        assertThat(inc.commanderId()).isEqualTo(ALICE);
        assertThat(inc.createdBy()).isEqualTo(ALICE);
        assertThat(inc.isPrivate()).isTrue();
        assertThat(inc.summary()).isEqualTo("Primary is down");
        assertThat(inc.channelId()).isNull();
        assertThat(inc.declaredAt()).isEqualTo(T0);
        assertThat(entries(inc)).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.DECLARED);
            assertThat(e.authorId()).isEqualTo(ALICE);
            assertThat(e.text()).isEqualTo("Declared SEV1: DB failover");
        });
        assertThat(effects()).isEmpty();
    }

    @Test
    void channelName_usesTheDeclarationDateInTimezone() {
        // 23:30 UTC on the 22nd is already the 23rd in Berlin.
        Incident inc = service.declare(TEAM, ALICE, new DeclareRequest("DB failover", Severity.SEV1, false, null));
        assertThat(service.channelName(inc)).isEqualTo("inc-20261123-db-failover");
    }

    @Test
    void createChannel_recordsIt_andQueuesInviteIntroAndTopic() {
        Incident inc = service.declare(TEAM, ALICE, new DeclareRequest("DB failover", Severity.SEV2, false, null));
        ChannelOutcome out = service.createChannel(TEAM, inc.number(), "inc-20261123-db-failover", (name, p) -> {
            assertThat(name).isEqualTo("inc-20261123-db-failover");
            assertThat(p).isFalse();
            return "CNEW";
        });
        assertThat(out).isInstanceOf(ChannelOutcome.Ready.class);
        Incident ready = reload(inc);
        assertThat(ready.channelId()).isEqualTo("CNEW");
        assertThat(ready.channelName()).isEqualTo("inc-20261123-db-failover");
        List<Effect> fx = effects();
        assertThat(fx).extracting(Effect::kind).containsExactly("invite", "post_message", "set_topic");
        assertThat(fx.get(0).payload().path("user").asText()).isEqualTo(ALICE);
        assertThat(fx.get(1).payload().path("channel").asText()).isEqualTo("CNEW");
        assertThat(fx.get(1).payload().path("blocks").asText()).contains(inc.key() + ": DB failover")
                .contains(":pushpin: event").contains("/incident status identified");
        assertThat(fx.get(2).payload().path("topic").asText())
                .isEqualTo(inc.key() + " · SEV2 · investigating · IC <@U0ALICE> · DB failover");
        assertThat(wakes.get()).isPositive();
    }

    @Test
    void createChannel_whenSlackFails_writesNothing_andAbandonRemovesTheIncident() {
        Incident inc = service.declare(TEAM, ALICE, new DeclareRequest("DB failover", Severity.SEV2, false, null));
        assertThatThrownBy(() -> service.createChannel(TEAM, inc.number(), "x", (n, p) -> {
            throw new IllegalStateException("restricted_action");
        })).hasMessageContaining("restricted_action");
        assertThat(reload(inc).channelId()).isNull();
        assertThat(effects()).isEmpty();

        assertThat(service.abandon(TEAM, inc.number())).isTrue();
        Optional<Incident> gone = jdbi.withHandle(h -> h.attach(IncidentRepository.class).find(TEAM, inc.number()));
        assertThat(gone).isEmpty();
        int entries = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM timeline_entries")
                .mapTo(Integer.class).one());
        assertThat(entries).isZero();
    }

    @Test
    void createChannel_whileAnotherProcessHoldsTheIncident_isBusy_andDoesNotCallSlack() {
        Incident inc = service.declare(TEAM, ALICE, new DeclareRequest("DB failover", Severity.SEV2, false, null));
        try (Handle other = jdbi.open()) {
            other.begin();
            assertThat(other.attach(IncidentRepository.class).lockAwaitingChannel(TEAM, inc.number())).isPresent();
            ChannelOutcome out = service.createChannel(TEAM, inc.number(), "x", (n, p) -> {
                throw new AssertionError("must not create a second channel");
            });
            assertThat(out).isInstanceOf(ChannelOutcome.Busy.class);
            other.rollback();
        }
    }

    @Test
    void abandon_leavesAnIncidentThatHasItsChannel() {
        Incident inc = open("DB failover", "C1");
        assertThat(service.abandon(TEAM, inc.number())).isFalse();
        assertThat(reload(inc).channelId()).isEqualTo("C1");
    }

    @Test
    void awaitingChannel_listsOnlyOldDeclarationsWithoutAChannel() {
        Incident pending = service.declare(TEAM, ALICE, new DeclareRequest("A", Severity.SEV2, false, null));
        open("B", "C1");
        assertThat(service.awaitingChannel(T0)).isEmpty();
        assertThat(service.awaitingChannel(T0.plusSeconds(1))).extracting(Incident::number)
                .containsExactly(pending.number());
    }

    @Test
    void changeStatus_recordsTheChange_postsALine_andUpdatesTheTopic() {
        Incident inc = open("DB failover", "C1");
        String reply = service.changeStatus(in("C1", BOB), IncidentStatus.IDENTIFIED);
        assertThat(reply).contains(inc.key() + " is now *identified*");
        assertThat(reload(inc).status()).isEqualTo(IncidentStatus.IDENTIFIED);
        assertThat(entries(inc)).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.STATUS);
            assertThat(e.text()).isEqualTo("investigating → identified");
            assertThat(e.authorId()).isEqualTo(BOB);
        });
        List<Effect> fx = effects();
        assertThat(fx).extracting(Effect::kind).containsExactly("post_message", "set_topic");
        assertThat(fx.get(0).payload().path("text").asText()).contains("<@U0BOB> moved " + inc.key())
                .contains("*investigating* to *identified*");
        assertThat(fx.get(1).payload().path("topic").asText()).startsWith(inc.key() + " · SEV2 · identified · IC");
    }

    @Test
    void sameStatusAgain_isRefused_andWritesNothing() {
        Incident inc = open("DB failover", "C1");
        assertThatThrownBy(() -> service.changeStatus(in("C1", BOB), IncidentStatus.INVESTIGATING))
                .isInstanceOf(CommandException.class).hasMessageContaining("already *investigating*");
        assertThat(entries(inc)).hasSize(1);
        assertThat(effects()).isEmpty();
    }

    @Test
    void outsideAnIncidentChannel_changesAreRefused_namingAnIncidentChannel() {
        open("DB failover", "C1");
        assertThatThrownBy(() -> service.note(in("CRANDOM", BOB), "hello"))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("not an incident channel")
                .hasMessageContaining("<#C1>");
        assertThat(effects()).isEmpty();
    }

    @Test
    void outsideAnyIncident_theExampleIsAChannelName() {
        assertThatThrownBy(() -> service.timeline(in("CRANDOM", BOB), 10))
                .hasMessageContaining("e.g. #inc-");
    }

    @Test
    void resolve_setsResolvedAt_recordsIt_andCannotRepeat() {
        Incident inc = open("DB failover", "C1");
        clock.advance(Duration.ofMinutes(95));
        assertThat(service.changeStatus(in("C1", ALICE), IncidentStatus.RESOLVED)).contains("is resolved");
        Incident after = reload(inc);
        assertThat(after.status()).isEqualTo(IncidentStatus.RESOLVED);
        assertThat(after.resolvedAt()).isEqualTo(T0.plus(Duration.ofMinutes(95)));
        assertThat(entries(inc)).last().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(EntryKind.RESOLVED);
            assertThat(e.text()).isEqualTo("Resolved after 1h 35m");
        });
        assertThat(effects()).extracting(Effect::kind).containsExactly("post_message", "set_topic");
        assertThat(effects().get(1).payload().path("topic").asText()).contains("· resolved ·");
        assertThatThrownBy(() -> service.resolve(in("C1", ALICE))).hasMessageContaining("already resolved");

        assertThat(service.changeStatus(in("C1", ALICE), IncidentStatus.INVESTIGATING)).contains("(reopened)");
        assertThat(reload(inc).resolvedAt()).isNull();
    }

    @Test
    void severity_isRecordedAndInTheTopic() {
        Incident inc = open("DB failover", "C1");
        service.setSeverity(in("C1", BOB), Severity.SEV1);
        assertThat(reload(inc).severity()).isEqualTo(Severity.SEV1);
        assertThat(entries(inc)).last().extracting(TimelineEntry::kind, TimelineEntry::text)
                .containsExactly(EntryKind.SEVERITY, "SEV2 → SEV1");
        assertThat(effects().get(1).payload().path("topic").asText()).startsWith(inc.key() + " · SEV1 ·");
        assertThatThrownBy(() -> service.setSeverity(in("C1", BOB), Severity.SEV1))
                .hasMessageContaining("already SEV1");
    }

    @Test
    void commander_isRecorded_invited_andNamedInTheTopicByDisplayName() {
        Incident inc = open("DB failover", "C1");
        jdbi.useHandle(h -> h.attach(SlackUserRepository.class)
                .upsert(new SlackUser(TEAM, BOB, "bob", "Bob B", null, false)));
        service.setCommander(in("C1", ALICE), BOB);
        assertThat(reload(inc).commanderId()).isEqualTo(BOB);
        assertThat(entries(inc)).last().extracting(TimelineEntry::kind, TimelineEntry::text)
                .containsExactly(EntryKind.ROLE, "Commander: <@U0BOB> (was <@U0ALICE>)");
        List<Effect> fx = effects();
        assertThat(fx).extracting(Effect::kind).containsExactly("invite", "post_message", "set_topic");
        assertThat(fx.get(0).payload().path("user").asText()).isEqualTo(BOB);
        assertThat(fx.get(2).payload().path("topic").asText()).contains("· IC @bob ·");
    }

    @Test
    void dri_isRecordedAndInvited() {
        Incident inc = open("DB failover", "C1");
        assertThat(service.setDri(in("C1", ALICE), BOB)).contains("<@U0BOB> is now the DRI");
        assertThat(reload(inc).driId()).isEqualTo(BOB);
        assertThat(effects()).extracting(Effect::kind).containsExactly("invite", "post_message");
        assertThatThrownBy(() -> service.setDri(in("C1", ALICE), BOB)).hasMessageContaining("already the DRI");
    }

    @Test
    void noteAndRetroFields_areRecordedAndPosted() {
        Incident inc = open("DB failover", "C1");
        service.note(in("C1", BOB), "Rolled back &amp; restarted");
        service.retro().setSummary(in("C1", BOB), "Checkout down");
        service.retro().setImpact(in("C1", BOB), "20% of orders");
        service.retro().setRootCause(in("C1", BOB), "Pool exhausted");
        Incident after = reload(inc);
        assertThat(after.summary()).isEqualTo("Checkout down");
        assertThat(after.impact()).isEqualTo("20% of orders");
        assertThat(after.rootCause()).isEqualTo("Pool exhausted");
        assertThat(entries(inc)).extracting(TimelineEntry::kind).containsExactly(EntryKind.DECLARED, EntryKind.NOTE,
                EntryKind.SUMMARY, EntryKind.IMPACT, EntryKind.ROOT_CAUSE);
        assertThat(effects()).extracting(e -> e.payload().path("text").asText()).containsExactly(
                ":memo: *Note* from <@U0BOB>: Rolled back &amp; restarted",
                ":pencil2: <@U0BOB> set the *summary*: Checkout down",
                ":pencil2: <@U0BOB> set the *impact*: 20% of orders",
                ":pencil2: <@U0BOB> set the *root cause*: Pool exhausted");
    }

    @Test
    void action_isAdded_withAMarkDoneButton_andADoubleSubmitIsOneItem() {
        Incident inc = open("DB failover", "C1");
        IncidentCommand.Action a = new IncidentCommand.Action("Add an alert", BOB,
                Optional.of(LocalDate.of(2026, 12, 1)));
        assertThat(service.actions().addAction(in("C1", ALICE), a)).contains("Added action item *#1*");
        clock.advance(Duration.ofSeconds(3));
        assertThat(service.actions().addAction(in("C1", ALICE), a)).contains("already action item *#1*");
        List<ActionItem> items = jdbi.withHandle(h -> h.attach(ActionItemRepository.class)
                .listForIncident(TEAM, inc.number()));
        assertThat(items).singleElement().satisfies(i -> {
            assertThat(i.text()).isEqualTo("Add an alert");
            assertThat(i.ownerId()).isEqualTo(BOB);
            assertThat(i.dueDate()).isEqualTo(LocalDate.of(2026, 12, 1));
            assertThat(i.createdBy()).isEqualTo(ALICE);
        });
        assertThat(entries(inc)).last().extracting(TimelineEntry::kind, TimelineEntry::text)
                .containsExactly(EntryKind.ACTION, "Action #1: Add an alert (owner <@U0BOB>, due 2026-12-01)");
        Effect post = effects().get(0);
        assertThat(post.payload().path("text").asText()).contains("added action item *#1*");
        JsonNode button = readTree(post.payload().path("blocks").asText()).get(0).path("accessory");
        assertThat(button.path("action_id").asText()).isEqualTo("action_done");
        assertThat(button.path("value").asText()).isEqualTo(inc.number() + ":1");

        clock.advance(IncidentService.DOUBLE_SUBMIT_WINDOW);
        assertThat(service.actions().addAction(in("C1", ALICE), a)).contains("Added action item *#2*");
    }

    @Test
    void actions_areClosedDoneOrDropped_once() {
        Incident inc = open("DB failover", "C1");
        IncidentCommand.Action a = new IncidentCommand.Action("Add an alert", BOB, Optional.empty());
        service.actions().addAction(in("C1", ALICE), a);
        service.actions().addAction(in("C1", ALICE), new IncidentCommand.Action("Write runbook", ALICE, Optional.empty()));
        clearEffects();
        assertThat(service.actions().closeAction(in("C1", BOB), 1, ActionStatus.DONE)).contains("#1* of " + inc.key()
                + " is done");
        assertThat(service.actions().closeAction(in("C1", BOB), 2, ActionStatus.DROPPED)).contains("is dropped");
        assertThatThrownBy(() -> service.actions().closeAction(in("C1", BOB), 1, ActionStatus.DONE))
                .isInstanceOf(CommandException.class).hasMessageContaining("already done");
        assertThatThrownBy(() -> service.actions().closeAction(in("C1", BOB), 9, ActionStatus.DONE))
                .isInstanceOf(ActionItemNotFoundException.class).hasMessageContaining("no action item #9");
        assertThat(entries(inc)).extracting(TimelineEntry::text).contains("Action #1 done: Add an alert",
                "Action #2 dropped: Write runbook");
        assertThat(effects()).extracting(e -> e.payload().path("text").asText()).containsExactly(
                ":white_check_mark: <@U0BOB> marked action item *#1* of " + inc.key() + " done: Add an alert",
                ":wastebasket: <@U0BOB> dropped action item *#2* of " + inc.key() + ": Write runbook");
        String list = service.actions().listActions(in("C1", BOB));
        assertThat(list).contains("*#1* Add an alert — <@U0BOB> · no due date · done")
                .contains("*#2* Write runbook").contains("(0 open of 2)");
    }

    @Test
    void markDone_findsTheIncidentByNumber_fromAnyChannel() {
        Incident inc = open("DB failover", "C1");
        service.actions().addAction(in("C1", ALICE), new IncidentCommand.Action("Add an alert", BOB, Optional.empty()));
        assertThat(service.actions().markDone(TEAM, BOB, inc.number(), 1)).contains("is done");
        assertThatThrownBy(() -> service.actions().markDone(TEAM, BOB, 999_999, 1))
                .isInstanceOf(IncidentNotFoundException.class).hasMessageContaining("INC-999999 no longer exists");
    }

    @Test
    void listActions_marksOverdueItems() {
        open("DB failover", "C1");
        service.actions().addAction(in("C1", ALICE), new IncidentCommand.Action("Add an alert", BOB,
                Optional.of(LocalDate.of(2026, 11, 24))));
        clock.advance(Duration.ofDays(3));
        assertThat(service.actions().listActions(in("C1", BOB))).contains("due 2026-11-24 · open · :warning: *overdue*");
    }

    @Test
    void timeline_showsTimeInTimezone_kind_author_andText() {
        Incident inc = open("DB failover", "C1");
        jdbi.useHandle(h -> h.attach(SlackUserRepository.class)
                .upsert(new SlackUser(TEAM, BOB, "bob", null, null, false)));
        clock.advance(Duration.ofMinutes(5));
        service.note(in("C1", BOB), "Failover started");
        String t = service.timeline(in("C1", BOB), 15);
        assertThat(t).contains("*Timeline of " + inc.key() + "*, latest 2 entries (times in Europe/Berlin)")
                .contains("`2026-11-23 00:30` *Declared* · <@U0ALICE> · Declared SEV2: DB failover")
                .contains("`2026-11-23 00:35` *Note* · bob · Failover started");
        assertThat(service.timeline(in("C1", BOB), 1)).contains("latest 1 entries").doesNotContain("Declared SEV2");
    }

    @Test
    void listOpen_showsPrivateIncidentsOnlyToThoseInvolved() {
        Incident pub = open("Public thing", "C1");
        Incident priv = service.declare(TEAM, ALICE, new DeclareRequest("Secret thing", Severity.SEV1, true, null));
        service.createChannel(TEAM, priv.number(), "p", (n, p) -> "C2");
        assertThat(service.listOpen(TEAM, ALICE)).contains("*Open incidents* (2)").contains("Public thing")
                .contains("Secret thing");
        String bobSees = service.listOpen(TEAM, BOB);
        assertThat(bobSees).contains(pub.key().toString()).doesNotContain("Secret thing")
                .contains("1 private incident you are not part of");
        jdbi.useHandle(h -> h.attach(ParticipantRepository.class).add(TEAM,
                new Participant(priv.number(), BOB, T0)));
        assertThat(service.listOpen(TEAM, BOB)).contains("Secret thing");
    }

    @Test
    void listOpen_withNothingOpen_saysHowToDeclare() {
        assertThat(service.listOpen(TEAM, BOB)).contains("No open incidents").contains("/incident declare");
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
