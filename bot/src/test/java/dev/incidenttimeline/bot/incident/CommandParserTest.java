package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.CommandException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.bot.incident.IncidentCommand.Action;
import dev.incidenttimeline.bot.incident.IncidentCommand.ActionDone;
import dev.incidenttimeline.bot.incident.IncidentCommand.ActionDrop;
import dev.incidenttimeline.bot.incident.IncidentCommand.Actions;
import dev.incidenttimeline.bot.incident.IncidentCommand.Commander;
import dev.incidenttimeline.bot.incident.IncidentCommand.Declare;
import dev.incidenttimeline.bot.incident.IncidentCommand.DeclareModal;
import dev.incidenttimeline.bot.incident.IncidentCommand.Dri;
import dev.incidenttimeline.bot.incident.IncidentCommand.Export;
import dev.incidenttimeline.bot.incident.IncidentCommand.Factors;
import dev.incidenttimeline.bot.incident.IncidentCommand.Help;
import dev.incidenttimeline.bot.incident.IncidentCommand.Impact;
import dev.incidenttimeline.bot.incident.IncidentCommand.ListOpen;
import dev.incidenttimeline.bot.incident.IncidentCommand.Note;
import dev.incidenttimeline.bot.incident.IncidentCommand.Report;
import dev.incidenttimeline.bot.incident.IncidentCommand.Resolve;
import dev.incidenttimeline.bot.incident.IncidentCommand.RootCause;
import dev.incidenttimeline.bot.incident.IncidentCommand.Sev;
import dev.incidenttimeline.bot.incident.IncidentCommand.Status;
import dev.incidenttimeline.bot.incident.IncidentCommand.Summary;
import dev.incidenttimeline.bot.incident.IncidentCommand.Timeline;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.IsoWeek;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CommandParserTest {
    /** Wednesday 2026-11-18 23:30 UTC is already Thursday 2026-11-19 in Berlin. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-18T23:30:00Z"), ZoneOffset.UTC);
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    final CommandParser parser = new CommandParser(CLOCK, BERLIN);

    private IncidentCommand parse(String text) {
        return parser.parse(text);
    }

    private void assertRefused(String text, String... fragments) {
        assertThatThrownBy(() -> parse(text))
                .isInstanceOf(CommandException.class)
                .isInstanceOf(DomainException.class)
                .satisfies(e -> assertThat(e.getMessage()).contains(fragments));
    }

    @Test
    void blankText_isHelp() {
        assertThat(parse("")).isEqualTo(new Help());
        assertThat(parse("   ")).isEqualTo(new Help());
        assertThat(parse(null)).isEqualTo(new Help());
        assertThat(parse("help")).isEqualTo(new Help());
        assertThat(parse("HELP me")).isEqualTo(new Help());
    }

    @Test
    void unknownSubCommand_isRefusedWithASuggestionAndHelp() {
        assertRefused("stauts identified", "I don't know `/incident stauts`", "Did you mean `/incident status`?",
                "/incident help");
        assertRefused("frobnicate", "I don't know `/incident frobnicate`", "/incident help");
        assertThatThrownBy(() -> parse("frobnicate")).hasMessageNotContaining("Did you mean");
    }

    @Test
    void subCommandWords_areCaseInsensitive() {
        assertThat(parse("STATUS Identified")).isEqualTo(new Status(IncidentStatus.IDENTIFIED));
        assertThat(parse("Resolve")).isEqualTo(new Resolve());
    }

    @Nested
    class DeclareTest {
        @Test
        void titleOnly_isSev3Public() {
            assertThat(parse("declare Checkout errors after deploy"))
                    .isEqualTo(new Declare("Checkout errors after deploy", Severity.SEV3, false));
        }

        @Test
        void trailingSeverityAndPrivate_areOptionsNotTitle() {
            assertThat(parse("declare DB failover in eu-west sev1 private"))
                    .isEqualTo(new Declare("DB failover in eu-west", Severity.SEV1, true));
            assertThat(parse("declare DB failover private SEV2"))
                    .isEqualTo(new Declare("DB failover", Severity.SEV2, true));
            assertThat(parse("declare DB failover sev 4"))
                    .isEqualTo(new Declare("DB failover", Severity.SEV4, false));
        }

        @Test
        void optionWordsInsideTheTitle_stayInTheTitle() {
            assertThat(parse("declare private key leaked in sev2 logs sev1"))
                    .isEqualTo(new Declare("private key leaked in sev2 logs", Severity.SEV1, false));
            assertThat(parse("declare sev5 outage"))
                    .isEqualTo(new Declare("sev5 outage", Severity.SEV3, false));
        }

        @Test
        void quotesAroundTheTitle_areDropped_andMentionsKept() {
            assertThat(parse("declare \"Login broken for <@U123|alice>'s team\" sev2"))
                    .isEqualTo(new Declare("Login broken for <@U123|alice>'s team", Severity.SEV2, false));
        }

        @Test
        void noTitle_opensTheForm_withTheGivenOptions() {
            assertThat(parse("declare")).isEqualTo(new DeclareModal(Optional.empty(), false));
            assertThat(parse("declare sev1 private")).isEqualTo(new DeclareModal(Optional.of(Severity.SEV1), true));
            assertThat(parse("new")).isEqualTo(new DeclareModal(Optional.empty(), false));
        }

        @Test
        void twoDifferentSeverities_areRefused() {
            assertRefused("declare DB down sev1 sev2", "one severity", "/incident declare");
        }

        @Test
        void tooLongTitle_isRefused() {
            assertRefused("declare " + "x".repeat(201), "201 characters", "200");
            assertThat(parse("declare " + "x".repeat(200))).isInstanceOf(Declare.class);
        }

        @Test
        void declare_needsNoIncidentChannel() {
            assertThat(parse("declare x").needsIncidentChannel()).isFalse();
            assertThat(parse("declare").needsIncidentChannel()).isFalse();
            assertThat(parse("note x").needsIncidentChannel()).isTrue();
        }
    }

    @ParameterizedTest
    @CsvSource({"investigating,INVESTIGATING", "identified,IDENTIFIED", "Monitoring,MONITORING",
            "resolved,RESOLVED"})
    void status_readsEveryStatus(String word, IncidentStatus status) {
        assertThat(parse("status " + word)).isEqualTo(new Status(status));
    }

    @Test
    void status_missingOrUnknown_isRefusedWithTheStatuses() {
        assertRefused("status", "`status` needs one of investigating, identified, monitoring, resolved",
                "`/incident status identified`");
        assertRefused("status fixed", "`fixed` is not a status", "investigating, identified, monitoring, resolved");
    }

    @Test
    void resolve_takesNothing() {
        assertThat(parse("resolve")).isEqualTo(new Resolve());
        assertThat(parse("resolved")).isEqualTo(new Resolve());
        assertRefused("resolve rolled back", "`resolve` takes nothing after it", "/incident note");
    }

    @ParameterizedTest
    @CsvSource({"1,SEV1", "2,SEV2", "sev3,SEV3", "SEV4,SEV4"})
    void sev_readsLevels(String arg, Severity severity) {
        assertThat(parse("sev " + arg)).isEqualTo(new Sev(severity));
        assertThat(parse("severity " + arg)).isEqualTo(new Sev(severity));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sev", "sev 5", "sev 0", "sev high", "sev 1 2"})
    void sev_withoutALevel1To4_isRefusedWithTheForm(String text) {
        assertRefused(text, "`sev` needs a level 1-4: `/incident sev 2`");
    }

    @Test
    void commanderAndDri_takeOneMention_escapedEitherWay() {
        assertThat(parse("commander <@U0ALICE|alice>")).isEqualTo(new Commander("U0ALICE"));
        assertThat(parse("commander <@U0ALICE>")).isEqualTo(new Commander("U0ALICE"));
        assertThat(parse("ic <@W0ENT>")).isEqualTo(new Commander("W0ENT"));
        assertThat(parse("dri <@U0BOB|bob>")).isEqualTo(new Dri("U0BOB"));
    }

    @Test
    void commanderAndDri_withoutAMention_areRefused() {
        assertRefused("commander", "`commander` needs a person, mentioned with @", "`/incident commander @alice`");
        assertRefused("dri alice", "`alice` is not a mention", "`/incident dri @alice`");
        assertRefused("commander <@U1|a> <@U2|b>", "exactly one person");
        assertRefused("dri <!subteam^S1|@oncall>", "not a user group");
    }

    @Test
    void textSubCommands_keepTheTextAsSlackSentIt() {
        assertThat(parse("note Rolled back &amp; restarted <@U1|al>"))
                .isEqualTo(new Note("Rolled back &amp; restarted <@U1|al>"));
        assertThat(parse("summary Checkout down")).isEqualTo(new Summary("Checkout down"));
        assertThat(parse("impact 20% of orders")).isEqualTo(new Impact("20% of orders"));
        assertThat(parse("rootcause Pool exhausted")).isEqualTo(new RootCause("Pool exhausted"));
        assertThat(parse("root-cause Pool exhausted")).isEqualTo(new RootCause("Pool exhausted"));
        assertThat(parse("factors No load test")).isEqualTo(new Factors("No load test"));
        assertThat(parse("contributing No load test")).isEqualTo(new Factors("No load test"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"note", "summary", "impact", "rootcause"})
    void textSubCommands_withoutText_areRefusedWithAnExample(String sub) {
        assertRefused(sub, "`" + sub + "` needs some text: `/incident " + sub + " ");
    }

    @Nested
    class ActionTest {
        @Test
        void action_withOwnerAndNoDueDate() {
            assertThat(parse("action Add an alert on queue depth <@U0BOB|bob>"))
                    .isEqualTo(new Action("Add an alert on queue depth", "U0BOB", Optional.empty()));
        }

        @ParameterizedTest
        @CsvSource({
                "2026-12-01, 2026-12-01",
                "today, 2026-11-19",
                "tomorrow, 2026-11-20",
                "+3d, 2026-11-22",
                "+2w, 2026-12-03",
                "fri, 2026-11-20",
                "next week, 2026-11-23"})
        void action_dueDates_areReadInTimezone(String phrase, LocalDate expected) {
            assertThat(parse("action Pin sidecars by digest <@U0BOB> due " + phrase))
                    .isEqualTo(new Action("Pin sidecars by digest", "U0BOB", Optional.of(expected)));
        }

        @Test
        void action_pastDate_isRefused() {
            assertRefused("action Pin sidecars <@U0BOB> due 2026-11-18", "2026-11-18 is in the past",
                    "`/incident action");
        }

        @Test
        void action_unreadableDate_isRefusedWithTheForms() {
            assertRefused("action Pin sidecars <@U0BOB> due someday", "'someday' is not a due date",
                    "2026-12-01, today, tomorrow, +3d, +2w, fri or next week");
            assertRefused("action Pin sidecars <@U0BOB> due 2026-02-30", "not a real date");
        }

        @Test
        void action_withoutOwnerOrText_isRefused() {
            assertRefused("action Add an alert", "needs an owner, mentioned with @",
                    "`/incident action Add an alert on queue depth @alice due fri p1 detect`");
            assertRefused("action <@U0BOB>", "needs what to do");
            assertRefused("action", "`action` needs what to do and an owner");
        }

        @Test
        void actionDoneAndDrop_takeTheItemNumber() {
            assertThat(parse("action done 2")).isEqualTo(new ActionDone(2));
            assertThat(parse("action done #12")).isEqualTo(new ActionDone(12));
            assertThat(parse("action DROP 3")).isEqualTo(new ActionDrop(3));
        }

        @Test
        void actionDoneAndDrop_withoutANumber_areRefused() {
            assertRefused("action done", "`action done` needs the item's number", "`/incident action done 2`");
            assertRefused("action drop two", "`action drop` takes just the item's number");
            assertRefused("action done 0", "`action done` takes just the item's number");
            assertRefused("action done 2 3", "takes just the item's number");
        }
    }

    @Test
    void listingSubCommands_takeNothing() {
        assertThat(parse("actions")).isEqualTo(new Actions());
        assertThat(parse("export")).isEqualTo(new Export());
        assertThat(parse("list")).isEqualTo(new ListOpen());
        assertThat(parse("list").needsIncidentChannel()).isFalse();
        assertRefused("export pdf", "`export` takes nothing after it", "`/incident export`");
        assertRefused("actions all", "`actions` takes nothing after it");
    }

    @Test
    void timeline_takesAnOptionalCount() {
        assertThat(parse("timeline")).isEqualTo(new Timeline(Timeline.DEFAULT_LIMIT));
        assertThat(parse("timeline 30")).isEqualTo(new Timeline(30));
        assertRefused("timeline 500", "how many entries to show (1-50)");
        assertRefused("timeline all", "`/incident timeline 30`");
    }

    @Test
    void report_takesAnOptionalIsoWeek() {
        assertThat(parse("report")).isEqualTo(new Report(Optional.empty()));
        assertThat(parse("report 2026-W47")).isEqualTo(new Report(Optional.of(new IsoWeek(2026, 47))));
        assertThat(parse("report 2026-w47")).isEqualTo(new Report(Optional.of(new IsoWeek(2026, 47))));
        assertThat(parse("report").needsIncidentChannel()).isFalse();
        assertRefused("report last week", "use the form 2026-W47", "`/incident report 2026-W47`");
        assertRefused("report 2026-W60", "No such ISO week", "`/incident report 2026-W47`");
    }

    @Test
    void errorMessages_quoteUserInputSafely() {
        assertThatThrownBy(() -> parse("status `rm -rf` " + "y".repeat(100)))
                .hasMessageNotContaining("`rm")
                .hasMessageContaining("…");
    }

    @Test
    void help_listsEverySubCommand() {
        String help = CommandUsage.help();
        for (String sub : CommandUsage.subCommands()) {
            assertThat(help).contains("/incident " + sub);
        }
    }
}
