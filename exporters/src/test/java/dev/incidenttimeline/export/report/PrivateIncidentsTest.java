package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.normalWeek;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.export.report.ReportChartModel.Box;
import org.junit.jupiter.api.Test;

/** INC-45 "Suspicious login activity on admin console" is private; its action item is "Rotate admin credentials". */
class PrivateIncidentsTest {

    @Test
    void reportForAnotherChannel_countsPrivateIncidents_butShowsNothingAboutThem() {
        String md = WeeklyReportRenderer.render(normalWeek(false));

        assertThat(md).doesNotContain("Suspicious", "INC-45", "inc-20261121-45", "Rotate admin credentials");
        assertThat(md).contains("- **Incidents declared:** 6 (SEV1: 1, SEV2: 2, SEV3: 2, SEV4: 1), of which 1 private incident");
        assertThat(md).contains("| – | *1 private incident* | – | – | – | – | – | – |");
        // Counts only: no owner heading ("ana" owns only the private item), no due date, no days overdue.
        assertThat(md).contains("#### Private incidents (1)",
                "| private | – | *action item of a private incident* | – | – |");
        assertThat(md).doesNotContain("#### ana", "2026-11-21 | 2 days");
    }

    @Test
    void reportInThePrivateIncidentsOwnChannel_showsItLikeAnyOther() {
        String md = WeeklyReportRenderer.render(normalWeek(true));

        assertThat(md).contains("| INC-45 | Suspicious login activity on admin console | SEV2 |",
                "#### INC-45: Suspicious login activity on admin console", "Rotate admin credentials");
        assertThat(md).doesNotContain("private incident");
    }

    @Test
    void chart_drawsPrivateIncidents_labelledOnlyPrivate() {
        Box hidden = box(ReportChartModel.build(normalWeek(false)), 45);
        Box shown = box(ReportChartModel.build(normalWeek(true)), 45);

        assertThat(hidden.label()).isEqualTo("private");
        assertThat(shown.label()).startsWith("INC-45 Suspicious login");
        assertThat(hidden.w()).isEqualTo(shown.w());
    }

    private static Box box(ReportChartModel model, long number) {
        return model.boxes().stream().filter(b -> b.incidentNumber() == number).findFirst().orElseThrow();
    }
}
