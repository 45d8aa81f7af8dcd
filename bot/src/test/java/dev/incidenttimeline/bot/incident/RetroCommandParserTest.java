package dev.incidenttimeline.bot.incident;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.bot.incident.IncidentCommand.Action;
import dev.incidenttimeline.bot.incident.IncidentCommand.ActionChange;
import dev.incidenttimeline.bot.incident.IncidentCommand.AddNote;
import dev.incidenttimeline.bot.incident.IncidentCommand.ListNotes;
import dev.incidenttimeline.bot.incident.IncidentCommand.RemoveNote;
import dev.incidenttimeline.bot.incident.IncidentCommand.SetMoment;
import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionPriority;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.KeyMoment.Moment;
import dev.incidenttimeline.domain.RetroNote.Learning;
import dev.incidenttimeline.domain.RetroNote.Section;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The retro sub-commands (key moments, chain, factors, learnings) and the priority and type of action items. */
class RetroCommandParserTest {
    static final Instant NOW = Instant.parse("2026-11-18T10:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final CommandParser parser = new CommandParser(Clock.fixed(NOW, ZoneOffset.UTC), BERLIN);

    private IncidentCommand parse(String text) {
        return parser.parse(text);
    }

    private void assertRefused(String text, String... fragments) {
        assertThatThrownBy(() -> parse(text)).isInstanceOf(CommandException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Nested
    class KeyMoments {
        @Test
        void timeOfDay_isReadOnTheIncidentsDate_orTheDayBeforeWhenStillAhead() {
            assertThat(parse("started 09:05")).isEqualTo(new SetMoment(Moment.STARTED,
                    new MomentTime.TimeOfDay(LocalTime.of(9, 5))));
            MomentTime t = ((SetMoment) parse("detected 23:50")).time();
            LocalDate declared = LocalDate.parse("2026-11-18");
            // 23:50 Berlin on the 18th is still ahead at 11:00 Berlin: the 17th is meant.
            assertThat(t.resolve(declared, BERLIN, NOW)).isEqualTo(Instant.parse("2026-11-17T22:50:00Z"));
            assertThat(new MomentTime.TimeOfDay(LocalTime.of(9, 5)).resolve(declared, BERLIN, NOW))
                    .isEqualTo(Instant.parse("2026-11-18T08:05:00Z"));
        }

        @Test
        void dateAndTime_isInTheZone() {
            MomentTime t = ((SetMoment) parse("mitigated 2026-11-17 11:05")).time();
            assertThat(t).isEqualTo(new MomentTime.DateTime(LocalDateTime.parse("2026-11-17T11:05")));
            assertThat(t.resolve(LocalDate.parse("2026-11-17"), BERLIN, NOW))
                    .isEqualTo(Instant.parse("2026-11-17T10:05:00Z"));
        }

        @Test
        void relative_countsBackFromNow() {
            assertThat(((SetMoment) parse("detected -15m")).time().resolve(null, BERLIN, NOW))
                    .isEqualTo(NOW.minusSeconds(15 * 60));
            assertThat(((SetMoment) parse("started -2h")).time().resolve(null, BERLIN, NOW))
                    .isEqualTo(NOW.minusSeconds(2 * 3600));
            assertThat(((SetMoment) parse("started -1h30m")).time().resolve(null, BERLIN, NOW))
                    .isEqualTo(NOW.minusSeconds(90 * 60));
        }

        @Test
        void permalink_isTheMessagesOwnTime_asSlackSendsIt_orPastedBare() {
            Instant alert = Instant.parse("2026-11-17T09:12:31.096706Z");
            assertThat(((SetMoment) parse("detected <https://demo.slack.com/archives/C0INC/p1794906751096706>"))
                    .time().resolve(null, BERLIN, NOW)).isEqualTo(alert);
            assertThat(((SetMoment) parse("resolved-at <https://demo.slack.com/archives/C0INC/p1794906751096706"
                    + "?thread_ts=1794906700.000100&cid=C0INC|link>")).moment()).isEqualTo(Moment.RESOLVED);
            assertThat(((SetMoment) parse("detected https://demo.slack.com/archives/C0INC/p1794906751096706"))
                    .time().resolve(null, BERLIN, NOW)).isEqualTo(alert);
        }

        @Test
        void mitigatedAlone_isNow_andMomentIsTheOneWordForm() {
            assertThat(((SetMoment) parse("mitigated")).time().resolve(null, BERLIN, NOW)).isEqualTo(NOW);
            assertThat(parse("moment detected 09:22")).isEqualTo(new SetMoment(Moment.DETECTED,
                    new MomentTime.TimeOfDay(LocalTime.of(9, 22))));
            assertThat(((SetMoment) parse("moment resolved-at 13:36")).moment()).isEqualTo(Moment.RESOLVED);
            assertThat(((SetMoment) parse("resolved_at 13:36")).moment()).isEqualTo(Moment.RESOLVED);
        }

        @Test
        void badInput_isRefusedWithTheForms() {
            assertRefused("started", "`started` needs a time", "`-15m`", "`/incident started 09:05`");
            assertRefused("detected yesterday-ish", "`yesterday-ish` is not a time I understand",
                    "`2026-11-17 09:05`", "a message link", "`/incident detected 09:05`");
            assertRefused("resolved-at 25:00", "is not a time I understand", "`/incident resolved-at 09:05`");
            assertRefused("mitigated 2026-02-30 10:00", "not a real date");
            assertRefused("moment sometime 10:00", "`moment` needs which one");
        }
    }

    @Nested
    class Notes {
        @Test
        void chainFactorLearning_addOnePerCall() {
            assertThat(parse("chain The DNS cache leaked")).isEqualTo(new AddNote(Section.CHAIN, null,
                    "The DNS cache leaked"));
            assertThat(parse("factor Floating :stable tag")).isEqualTo(new AddNote(Section.FACTOR, null,
                    "Floating :stable tag"));
            assertThat(parse("factor remove the floating tag")).isEqualTo(new AddNote(Section.FACTOR, null,
                    "remove the floating tag"));
            assertThat(parse("learning went-well Rollback was fast")).isEqualTo(new AddNote(Section.LEARNING,
                    Learning.WENT_WELL, "Rollback was fast"));
            assertThat(parse("learning went_wrong Alert was late")).isEqualTo(new AddNote(Section.LEARNING,
                    Learning.WENT_WRONG, "Alert was late"));
            assertThat(parse("learning lucky Quiet afternoon")).isEqualTo(new AddNote(Section.LEARNING,
                    Learning.LUCKY, "Quiet afternoon"));
        }

        @Test
        void listsAndRemovals() {
            assertThat(parse("chain")).isEqualTo(new ListNotes(Section.CHAIN));
            assertThat(parse("factors")).isEqualTo(new ListNotes(Section.FACTOR));
            assertThat(parse("factor")).isEqualTo(new ListNotes(Section.FACTOR));
            assertThat(parse("learnings")).isEqualTo(new ListNotes(Section.LEARNING));
            assertThat(parse("factor remove 2")).isEqualTo(new RemoveNote(Section.FACTOR, 2));
            assertThat(parse("chain drop #3")).isEqualTo(new RemoveNote(Section.CHAIN, 3));
            assertThat(parse("learning remove 1")).isEqualTo(new RemoveNote(Section.LEARNING, 1));
        }

        @Test
        void badInput_isRefusedWithTheRightForm() {
            assertRefused("factor remove", "`factor remove` needs the number", "`/incident factor remove 2`");
            assertRefused("learning Rollback was fast", "went-well, went-wrong or lucky",
                    "`/incident learning went-well");
            assertRefused("learning lucky", "`learning lucky` needs some text");
        }
    }

    @Nested
    class Actions {
        @Test
        void newItem_takesPriorityAndType_anywhereAfterTheText() {
            assertThat(parse("action Pin sidecars by digest <@U0BOB> due 2026-11-20 p1 prevent"))
                    .isEqualTo(new Action("Pin sidecars by digest", "U0BOB", Optional.of(LocalDate.parse("2026-11-20")),
                            ActionPriority.P1, ActionKind.PREVENT));
            assertThat(parse("action Pin sidecars <@U0BOB> p3 type detect due 2026-11-20"))
                    .isEqualTo(new Action("Pin sidecars", "U0BOB", Optional.of(LocalDate.parse("2026-11-20")),
                            ActionPriority.P3, ActionKind.DETECT));
            assertThat(parse("action Document the release process <@U0BOB>"))
                    .isEqualTo(new Action("Document the release process", "U0BOB", Optional.empty(),
                            ActionPriority.P2, ActionKind.CLEANUP));
        }

        @Test
        void numberFirst_changesAnItem() {
            assertThat(parse("action 3 p1")).isEqualTo(new ActionChange(3, Optional.of(ActionPriority.P1),
                    Optional.empty(), Optional.empty(), Optional.empty()));
            assertThat(parse("action #3 type prevent")).isEqualTo(new ActionChange(3, Optional.empty(),
                    Optional.of(ActionKind.PREVENT), Optional.empty(), Optional.empty()));
            assertThat(parse("action 3 process due 2026-11-20 owner <@U0BOB|bob> priority 3"))
                    .isEqualTo(new ActionChange(3, Optional.of(ActionPriority.P3), Optional.of(ActionKind.PROCESS),
                            Optional.of(LocalDate.parse("2026-11-20")), Optional.of("U0BOB")));
            // A number followed by an owner mention is the text of a new item.
            assertThat(parse("action 3 dashboards for the pool <@U0BOB>")).isEqualTo(new Action(
                    "3 dashboards for the pool", "U0BOB", Optional.empty()));
        }

        @ParameterizedTest
        @ValueSource(strings = {"action 3", "action 3 p4", "action 3 type sometimes", "action 3 owner",
                "action 3 due"})
        void badChanges_areRefusedWithTheForm(String text) {
            assertThatThrownBy(() -> parse(text)).isInstanceOf(CommandException.class)
                    .satisfies(e -> assertThat(e.getMessage()).contains("`/incident action"));
        }

        @Test
        void badType_namesTheTypes() {
            assertRefused("action 3 type sometimes", "`sometimes` is not a type of action item",
                    "cleanup, prevent, detect, mitigate, process");
            assertRefused("action Pin sidecars <@U0BOB> type sometimes", "is not a type of action item");
            assertRefused("action 3 due someday", "'someday' is not a due date");
        }
    }

    @Test
    void help_namesEveryNewCommand() {
        assertThat(CommandUsage.help()).contains("`/incident started <time>`", "`detected <time>`",
                "`mitigated [<time>]`", "`resolved-at <time>`", "`/incident chain <step>`", "`/incident factor <text>`",
                "`/incident learning <went-well|went-wrong|lucky> <text>`", "[p1-p3]",
                "`/incident action <n> p1 type prevent due fri owner @x`");
    }
}
