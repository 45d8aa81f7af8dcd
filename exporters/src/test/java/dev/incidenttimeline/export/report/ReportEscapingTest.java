package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.BERLIN;
import static dev.incidenttimeline.export.report.ReportFixtures.USERS;
import static dev.incidenttimeline.export.report.ReportFixtures.W47;
import static dev.incidenttimeline.export.report.ReportFixtures.at;
import static dev.incidenttimeline.export.report.ReportFixtures.incident;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.Severity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportEscapingTest {

    @Test
    void userText_cannotBreakTablesOrInjectMarkup() {
        Incident hostile = incident(70, "DB | down\n# not a heading <script>alert(1)</script> **bold**",
                Severity.SEV1, IncidentStatus.RESOLVED, null, "2026-11-18T10:00", "2026-11-18T11:00", false, "U_DAN");
        WeeklyReportInput input = new WeeklyReportInput(W47, BERLIN, at("2026-11-23T09:00"), List.of(hostile),
                List.of(), List.of(),
                List.of(ReportFixtures.action(70, 1, "fix | it\n- and this", "U_DAN", "2026-11-20",
                        ActionStatus.OPEN, null)),
                Map.of(), USERS, true);

        String md = WeeklyReportRenderer.render(input);

        assertThat(md).doesNotContain("<script>", "\n# not", "\n- and this", "**bold**");
        assertThat(md.lines().filter(l -> l.startsWith("| INC-70 | DB"))).singleElement()
                .satisfies(l -> assertThat(cells(l)).isEqualTo(8));
        assertThat(md.lines().filter(l -> l.startsWith("| 1 | fix"))).singleElement()
                .satisfies(l -> assertThat(cells(l)).isEqualTo(5));
        assertThat(md).contains("#### INC-70: DB \\| down");
    }

    /** Cells of a table row: pipes not escaped by a backslash, less one. */
    private static int cells(String row) {
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
                pipes++;
            }
        }
        return pipes - 1;
    }
}
