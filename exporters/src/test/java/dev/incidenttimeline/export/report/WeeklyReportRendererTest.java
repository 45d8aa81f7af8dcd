package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.emptyWeek;
import static dev.incidenttimeline.export.report.ReportFixtures.normalWeek;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WeeklyReportRendererTest {

    @Test
    void normalWeek_matchesGoldenFile() {
        Golden.assertMatches("normal-week.md", WeeklyReportRenderer.render(normalWeek(false)));
    }

    @Test
    void emptyWeek_saysNoIncidentsButStillListsOverdueItemsAndOpenIncidents() {
        String md = WeeklyReportRenderer.render(emptyWeek());
        Golden.assertMatches("empty-week.md", md);
        assertThat(md).contains("No incidents this week.");
    }

    @Test
    void sameInput_sameBytes() {
        assertThat(WeeklyReportRenderer.render(normalWeek(false)))
                .isEqualTo(WeeklyReportRenderer.render(normalWeek(false)));
    }
}
