package dev.incidenttimeline.export.report;

import static dev.incidenttimeline.export.report.ReportFixtures.BERLIN;
import static dev.incidenttimeline.export.report.ReportFixtures.USERS;
import static dev.incidenttimeline.export.report.ReportFixtures.W47;
import static dev.incidenttimeline.export.report.ReportFixtures.action;
import static dev.incidenttimeline.export.report.ReportFixtures.at;
import static dev.incidenttimeline.export.report.ReportFixtures.incident;
import static dev.incidenttimeline.export.report.ReportFixtures.written;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.RetroExport;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.export.report.WeeklyReportRenderer.Images;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** User text in the report cannot break a table, start a heading or a list, inject HTML or a link scheme. */
class ReportEscapingTest {

    @Test
    void userText_cannotBreakTheLayout() {
        Incident inc = written(incident(70, "DB | down\n# not a heading <script>", Severity.SEV2,
                IncidentStatus.RESOLVED, null, "2026-11-17T09:00", "2026-11-17T10:00", false, "U_ANA"),
                "First line\n\n# not a heading\n- and this <b>x</b>", null, "pool | exhausted");
        WeeklyReportInput input = new WeeklyReportInput(W47, 2, BERLIN, at("2026-11-23T09:00"), List.of(inc),
                List.of(), List.of(action(70, 1, "fix | this\n- now", null, null, ActionStatus.OPEN, null)),
                Map.of(), Map.of(70L, new RetroExport(70, "retro](javascript:alert(1)).md", null, at("2026-11-18T09:00"))),
                Set.of(), USERS, true);
        String md = WeeklyReportRenderer.render(input, new Images("c.png", "t.png"));

        assertThat(md).doesNotContain("<script>", "<b>", "\n# not", "\n- and this", "\n- now");
        // No link to a javascript: address: the only "](javascript:" is behind an escaped bracket.
        assertThat(md).doesNotContainPattern("(?<!\\\\)\\]\\(javascript:");
        assertThat(md.lines().filter(l -> l.startsWith("| INC-70 | 1 |"))).singleElement()
                .satisfies(l -> assertThat(cells(l)).isEqualTo(9));
        assertThat(md).contains("### Tue 17 Nov 2026, 09:00 · INC-70: DB \\| down")
                .contains("Retro: [retro\\](javascript:alert(1)).md](retro%5D%28javascript%3Aalert%281%29%29.md)");
        // The paragraph stays one block: summary and root cause on one line.
        assertThat(md.lines().filter(l -> l.startsWith("First line"))).singleElement().asString()
                .contains("**Root cause:** pool \\| exhausted");
    }

    /** Cells of a table row: pipes not escaped with a backslash, minus the outer two. */
    private static int cells(String row) {
        return row.replaceAll("\\\\\\|", "").split("\\|", -1).length - 2;
    }
}
