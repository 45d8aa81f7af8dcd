package dev.incidenttimeline.export.report;

import dev.incidenttimeline.export.report.WeeklyReportModel.ActionRow;
import dev.incidenttimeline.export.report.WeeklyReportModel.IncidentActions;
import dev.incidenttimeline.export.report.WeeklyReportModel.IncidentRow;
import dev.incidenttimeline.export.report.WeeklyReportModel.OwnerActions;
import dev.incidenttimeline.export.report.WeeklyReportModel.Summary;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the weekly incident-review report as Markdown: headline numbers, the incidents of
 * the week with their action items, the cross-incident action-item lists (closed, due next
 * week, overdue by owner) and the incidents still open from earlier weeks. A pure function:
 * the same input always gives the same text, with {@code \n} line ends.
 */
public final class WeeklyReportRenderer {
    private static final String[] INCIDENT_COLUMNS =
            {"Incident", "Title", "Severity", "Declared", "Duration", "Status", "DRI", "Channel"};
    private static final String[] OPEN_COLUMNS =
            {"Incident", "Title", "Severity", "Declared", "Open for", "Status", "DRI", "Channel"};

    private WeeklyReportRenderer() {
    }

    public static String render(WeeklyReportInput input) {
        return render(WeeklyReportModel.from(input));
    }

    public static String render(WeeklyReportModel m) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(m.heading()).append("\n\n");
        out.append("Times are in ").append(m.zone()).append(". Generated ").append(m.generatedAt()).append(".\n\n");

        summary(out, m);

        out.append("## Incidents this week\n\n");
        if (m.incidents().isEmpty()) {
            out.append("No incidents this week.\n\n");
        } else {
            incidentTable(out, INCIDENT_COLUMNS, m.incidents());
            actionsByIncident(out, m);
        }

        out.append("## Action items\n\n");
        out.append("### Closed this week\n\n");
        if (m.closedThisWeek().isEmpty()) {
            out.append("None.\n\n");
        } else {
            table(out, new String[] {"Incident", "#", "Action item", "Owner", "Status", "Closed"},
                    m.closedThisWeek().stream()
                            .map(a -> new String[] {a.incident(), a.number(), a.text(), a.owner(), a.status(), a.closed()})
                            .toList());
        }
        out.append("### Due next week (").append(m.nextWeek()).append(")\n\n");
        if (m.dueNextWeek().isEmpty()) {
            out.append("None.\n\n");
        } else {
            table(out, new String[] {"Incident", "#", "Action item", "Owner", "Due"},
                    m.dueNextWeek().stream()
                            .map(a -> new String[] {a.incident(), a.number(), a.text(), a.owner(), a.due()})
                            .toList());
        }
        out.append("### Overdue, by owner\n\n");
        if (m.overdueByOwner().isEmpty()) {
            out.append("None.\n\n");
        } else {
            for (OwnerActions group : m.overdueByOwner()) {
                out.append("#### ").append(group.owner()).append(" (").append(group.items().size()).append(")\n\n");
                table(out, new String[] {"Incident", "#", "Action item", "Due", "Overdue"},
                        group.items().stream()
                                .map(a -> new String[] {a.incident(), a.number(), a.text(), a.due(), a.overdue()})
                                .toList());
            }
        }

        out.append("## Still open from earlier weeks\n\n");
        if (m.stillOpen().isEmpty()) {
            out.append("None.\n");
        } else {
            incidentTable(out, OPEN_COLUMNS, m.stillOpen());
        }
        // Exactly one newline at the end, whatever the last section was.
        while (out.length() > 1 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static void summary(StringBuilder out, WeeklyReportModel m) {
        Summary s = m.summary();
        out.append("## Summary\n\n");
        out.append("- **Incidents declared:** ").append(s.declared());
        if (s.declared() > 0) {
            out.append(" (")
                    .append(s.bySeverity().stream()
                            .map(c -> c.severity() + ": " + c.count())
                            .collect(Collectors.joining(", ")))
                    .append(')');
            if (s.hiddenPrivate() > 0) {
                out.append(", of which ").append(ReportFormat.privateIncidents(s.hiddenPrivate()))
                        .append(" (details not shown in this channel)");
            }
        }
        out.append('\n');
        if (s.declared() > 0) {
            out.append("- **Resolved:** ").append(s.resolved()).append(" of ").append(s.declared());
            if (s.resolved() > 0) {
                out.append("; time to resolve: total ").append(s.totalTimeToResolve())
                        .append(", median ").append(s.medianTimeToResolve());
            }
            out.append('\n');
        }
        out.append("- **MTTR** (mean time to resolve): ");
        if (s.resolved() == 0) {
            out.append(ReportFormat.NONE).append(" (no incident of this week resolved)");
        } else {
            out.append(s.mttr()).append(" (").append(s.mttrChange()).append(')');
        }
        out.append('\n');
        out.append("- **Still open:** ").append(s.stillOpenThisWeek()).append(" declared this week, ")
                .append(s.stillOpenEarlier()).append(" from earlier weeks\n\n");
    }

    private static void actionsByIncident(StringBuilder out, WeeklyReportModel m) {
        if (m.actionsByIncident().isEmpty() && m.hiddenActionIncidents() == 0) {
            return;
        }
        out.append("### Action items by incident\n\n");
        for (IncidentActions incident : m.actionsByIncident()) {
            out.append("#### ").append(incident.key()).append(": ").append(incident.title()).append("\n\n");
            if (incident.items().isEmpty()) {
                out.append("No action items.\n\n");
                continue;
            }
            table(out, new String[] {"#", "Action item", "Owner", "Due", "Status"},
                    incident.items().stream()
                            .map(a -> new String[] {a.number(), a.text(), a.owner(), a.due(), status(a)})
                            .toList());
        }
        if (m.hiddenActionIncidents() > 0) {
            out.append("Action items of ").append(ReportFormat.privateIncidents(m.hiddenActionIncidents()))
                    .append(" are not shown in this channel.\n\n");
        }
    }

    private static String status(ActionRow a) {
        if (!a.overdue().isEmpty()) {
            return a.status() + ", overdue " + a.overdue();
        }
        if (!a.closed().isEmpty()) {
            return a.status() + " " + a.closed();
        }
        return a.status();
    }

    private static void incidentTable(StringBuilder out, String[] columns, List<IncidentRow> rows) {
        table(out, columns, rows.stream()
                .map(r -> new String[] {r.key(), r.title(), r.severity(), r.declared(), r.duration(), r.status(),
                        r.dri(), r.channel()})
                .toList());
    }

    /** Cells are already Markdown-safe (see {@link WeeklyReportModel}); an empty cell is shown as a dash. */
    private static void table(StringBuilder out, String[] columns, List<String[]> rows) {
        out.append('|');
        for (String c : columns) {
            out.append(' ').append(c).append(" |");
        }
        out.append("\n|");
        for (int i = 0; i < columns.length; i++) {
            out.append("---|");
        }
        out.append('\n');
        for (String[] row : rows) {
            out.append('|');
            for (String cell : row) {
                out.append(' ').append(cell == null || cell.isEmpty() ? ReportFormat.NONE : cell).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');
    }
}
