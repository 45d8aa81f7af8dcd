package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.ACTIONS;
import static dev.incidenttimeline.export.report.ReportFixtures.BERLIN;
import static dev.incidenttimeline.export.report.ReportFixtures.INC33;
import static dev.incidenttimeline.export.report.ReportFixtures.INC37;
import static dev.incidenttimeline.export.report.ReportFixtures.INC38;
import static dev.incidenttimeline.export.report.ReportFixtures.INC41;
import static dev.incidenttimeline.export.report.ReportFixtures.INC42;
import static dev.incidenttimeline.export.report.ReportFixtures.USERS;
import static dev.incidenttimeline.export.report.ReportFixtures.W47;
import static dev.incidenttimeline.export.report.ReportFixtures.at;
import static dev.incidenttimeline.export.report.ReportFixtures.incident;
import static dev.incidenttimeline.export.report.ReportFixtures.normalWeek;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.export.report.WeeklyReportModel.ActionRow;
import dev.incidenttimeline.export.report.WeeklyReportModel.OwnerActions;
import dev.incidenttimeline.export.report.WeeklyReportModel.Summary;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeeklyReportModelTest {

    private static WeeklyReportInput week(List<Incident> thisWeek, List<Incident> previousWeek) {
        return new WeeklyReportInput(W47, BERLIN, at("2026-11-23T09:00"), thisWeek, previousWeek, List.of(),
                List.of(), Map.of(), USERS, true);
    }

    @Test
    void summary_countsBySeverity_andGivesTotalMedianAndMeanTimeToResolve() {
        Summary s = WeeklyReportModel.from(normalWeek(false)).summary();

        assertThat(s.declared()).isEqualTo(6);
        assertThat(s.bySeverity()).extracting(c -> c.severity() + "=" + c.count())
                .containsExactly("SEV1=1", "SEV2=2", "SEV3=2", "SEV4=1");
        assertThat(s.hiddenPrivate()).isEqualTo(1);
        assertThat(s.resolved()).isEqualTo(4);
        assertThat(s.stillOpenThisWeek()).isEqualTo(2);
        assertThat(s.stillOpenEarlier()).isEqualTo(2);
        // 2h 23m (from the start, 13:52, not the declaration), 35m, 5h, 25m.
        assertThat(s.totalTimeToResolve()).isEqualTo("8h 23m");
        assertThat(s.medianTimeToResolve()).isEqualTo("1h 29m");
        assertThat(s.mttr()).isEqualTo("2h 5m");
        // Previous week: 3h 20m, 1h 5m, 5h: mean 3h 8m.
        assertThat(s.mttrChange()).isEqualTo("▼ 1h 3m vs 2026-W46");
    }

    @Test
    void mttrChange_isAnUpArrowWhenSlower_andSaysSoWhenThereIsNoPreviousData() {
        Incident slow = incident(50, "Slow one", Severity.SEV2, IncidentStatus.RESOLVED, null,
                "2026-11-18T10:00", "2026-11-18T16:00", false, "U_ANA");
        assertThat(WeeklyReportModel.from(week(List.of(slow), List.of(INC37))).summary().mttrChange())
                .isEqualTo("▲ 2h 40m vs 2026-W46");
        assertThat(WeeklyReportModel.from(week(List.of(slow), List.of())).summary().mttrChange())
                .isEqualTo("no previous data");
        Incident same = incident(51, "Same", Severity.SEV2, IncidentStatus.RESOLVED, null,
                "2026-11-18T10:00", "2026-11-18T13:20", false, "U_ANA");
        assertThat(WeeklyReportModel.from(week(List.of(same), List.of(INC37))).summary().mttrChange())
                .isEqualTo("no change vs 2026-W46");
    }

    @Test
    void median_ofAnOddNumberIsTheMiddleOne() {
        Summary s = WeeklyReportModel.from(week(List.of(INC41, INC42,
                incident(52, "x", Severity.SEV4, IncidentStatus.RESOLVED, null, "2026-11-20T10:00",
                        "2026-11-20T20:00", false, null)), List.of())).summary();
        assertThat(s.medianTimeToResolve()).isEqualTo("2h 23m");
    }

    @Test
    void actionItems_closedThisWeek_dueNextWeek_andOverdueGroupedByOwner() {
        WeeklyReportModel m = WeeklyReportModel.from(normalWeek(true));

        assertThat(m.closedThisWeek()).extracting(a -> a.incident() + "#" + a.number() + " " + a.status())
                .containsExactly("INC-37#1 dropped", "INC-43#1 done", "INC-41#1 done");
        assertThat(m.nextWeek()).isEqualTo("2026-W48");
        assertThat(m.dueNextWeek()).extracting(a -> a.incident() + "#" + a.number() + " " + a.due())
                .containsExactly("INC-38#1 2026-11-25", "INC-41#2 2026-11-27");
        assertThat(m.overdueByOwner()).extracting(OwnerActions::owner)
                .containsExactly("ana", "Ben Okafor", "cara_m", "Unassigned");
        assertThat(m.overdueByOwner().get(0).items()).extracting(ActionRow::incident, ActionRow::overdue)
                .containsExactly(tuple("INC-45", "2 days"));
        assertThat(m.overdueByOwner().get(3).items()).extracting(ActionRow::overdue).containsExactly("13 days");
    }

    @Test
    void overdueDays_countFromTheReportDateInTheZone() {
        // 23:30 on Sunday in New York is already Monday in UTC; the report must count in New York.
        ZoneId newYork = ZoneId.of("America/New_York");
        Instant sundayNight = LocalDateTime.parse("2026-11-22T23:30").atZone(newYork).toInstant();
        Incident old = incident(33, "Old", Severity.SEV3, IncidentStatus.INVESTIGATING,
                null, Instant.parse("2026-11-03T14:00:00Z"), null, false, null);
        WeeklyReportInput input = new WeeklyReportInput(W47, newYork, sundayNight, List.of(), List.of(),
                List.of(old), List.of(ReportFixtures.action(33, 1, "x", "U_ANA", "2026-11-21", ActionStatus.OPEN, null)),
                Map.of(), USERS, true);
        assertThat(WeeklyReportModel.from(input).overdueByOwner().get(0).items().get(0).overdue())
                .isEqualTo("1 day");
    }

    @Test
    void eachIncidentOfTheWeek_listsItsOwnActionItems() {
        WeeklyReportModel m = WeeklyReportModel.from(normalWeek(true));
        assertThat(m.actionsByIncident()).extracting(a -> a.key() + ":" + a.items().size())
                .containsExactly("INC-41:3", "INC-42:0", "INC-43:2", "INC-44:0", "INC-45:1", "INC-46:0");
        assertThat(m.actionsByIncident().get(0).items()).extracting(ActionRow::owner, ActionRow::due, ActionRow::status)
                .containsExactly(
                        tuple("ana", "2026-11-20", "done"),
                        tuple("Ben Okafor", "2026-11-27", "open"),
                        tuple("cara_m", "2026-11-18", "open"));
    }

    @Test
    void input_rejectsAnIncidentDeclaredOutsideTheWeek() {
        Incident nextMonday = incident(60, "Too late", Severity.SEV3, IncidentStatus.RESOLVED, null,
                "2026-11-23T00:10", "2026-11-23T01:00", false, null);
        assertThatThrownBy(() -> week(List.of(nextMonday), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INC-60")
                .hasMessageContaining("2026-W47");
    }

    @Test
    void input_rejectsAnActionItemWhoseIncidentIsMissing() {
        assertThatThrownBy(() -> new WeeklyReportInput(W47, BERLIN, at("2026-11-23T09:00"), List.of(), List.of(),
                List.of(), ACTIONS, Map.of(37L, INC37, 33L, INC33, 38L, INC38), USERS, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("INC-41");
    }

    @Test
    void input_dropsDuplicateActionItems_fromOverlappingQueries() {
        WeeklyReportInput input = new WeeklyReportInput(W47, BERLIN, at("2026-11-23T09:00"), List.of(INC41),
                List.of(), List.of(), List.of(ACTIONS.get(0), ACTIONS.get(0), ACTIONS.get(1)), Map.of(), USERS, true);
        assertThat(input.actionItems()).hasSize(2);
    }
}
