package dev.incidenttimeline.export.report;

import dev.incidenttimeline.export.report.WeeklyReportModel.ActionRow;
import dev.incidenttimeline.export.report.WeeklyReportModel.BulletinEntry;
import dev.incidenttimeline.export.report.WeeklyReportModel.FollowUps;
import dev.incidenttimeline.export.report.WeeklyReportModel.IncidentRow;
import dev.incidenttimeline.export.report.WeeklyReportModel.OwnerActions;
import dev.incidenttimeline.export.report.WeeklyReportModel.Policy;
import dev.incidenttimeline.export.report.WeeklyReportModel.Summary;
import dev.incidenttimeline.export.report.WeeklyReportModel.TrendWeek;
import dev.incidenttimeline.export.text.MarkdownText;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders the weekly incident-review report as Markdown, in the order the review meeting goes
 * through it: headline numbers; the trailing weeks as a bulletin (the chart, then each incident
 * newest first with a paragraph of what happened); every open follow-up (the ones without an
 * owner or a due date first, then by owner) and the ones closed this week; the policy figures;
 * the trend of the last eight weeks (a small chart and the same numbers as a table); the
 * incidents still open from before. A pure function: the same input always gives the same
 * text, with {@code \n} line ends.
 */
public final class WeeklyReportRenderer {

    /**
     * The chart files the Markdown shows, by their paths relative to it ({@code /} between folders); either may be null (the
     * report is printed, not written beside its charts), and its image is then left out.
     */
    public record Images(String chart, String trend) {
        public static final Images NONE = new Images(null, null);
    }

    private WeeklyReportRenderer() {
    }

    public static String render(WeeklyReportInput input) {
        return render(input, Images.NONE);
    }

    public static String render(WeeklyReportInput input, Images images) {
        return render(WeeklyReportModel.from(input), ReportChartModel.build(input), images);
    }

    public static String render(WeeklyReportModel m, ReportChartModel chart, Images images) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(m.heading()).append("\n\n");
        out.append("Times are in ").append(m.zone()).append(". Generated ").append(m.generatedAt()).append(".\n\n");
        summary(out, m);
        bulletin(out, m, chart, images);
        followUps(out, m.followUps());
        policy(out, m.policy());
        trend(out, m, images);

        out.append("## Still open from before ").append(m.window().from()).append("\n\n");
        if (m.stillOpen().isEmpty()) {
            out.append("None.\n");
        } else {
            table(out, new String[] {"Incident", "Title", "Severity", "Declared", "Open for", "Status", "DRI",
                "Channel"}, m.stillOpen().stream().map(WeeklyReportRenderer::openRow).toList());
        }
        // Exactly one newline at the end, whatever the last section was.
        while (out.length() > 1 && out.charAt(out.length() - 1) == '\n' && out.charAt(out.length() - 2) == '\n') {
            out.setLength(out.length() - 1);
        }
        return out.toString();
    }

    private static String[] openRow(IncidentRow r) {
        return new String[] {r.key(), r.title(), r.severity(), r.declared(), r.openFor(), r.status(), r.dri(),
            r.channel()};
    }

    private static void summary(StringBuilder out, WeeklyReportModel m) {
        Summary s = m.summary();
        out.append("## Summary\n\n");
        out.append("- **Incidents declared:** ").append(s.declared());
        if (s.declared() > 0) {
            out.append(" (")
                    .append(s.bySeverity().stream().map(c -> c.severity() + ": " + c.count())
                            .collect(Collectors.joining(", ")))
                    .append(')');
            if (s.hiddenPrivate() > 0) {
                out.append(", of which ").append(ReportFormat.privateIncidents(s.hiddenPrivate()))
                        .append(" (details not shown in this channel)");
            }
        }
        out.append('\n');
        if (s.declared() > 0) {
            out.append("- **Resolved:** ").append(s.resolved()).append(" of ").append(s.declared()).append('\n');
        }
        out.append("- **MTTR** (mean time to resolve): ");
        if (s.mttrSeconds() == null) {
            out.append(ReportFormat.NONE).append(" (no incident of this week resolved)");
        } else {
            out.append(s.mttr()).append(" (").append(s.mttrChange()).append(')');
        }
        out.append('\n');
        out.append("- **MTTD** (mean time to detect, from the start of impact): ")
                .append(s.mttdSeconds() == null ? ReportFormat.NONE + " (no start of impact recorded)" : s.mttd())
                .append('\n');
        out.append("- **Still open:** ").append(s.stillOpenThisWeek()).append(" declared this week, ")
                .append(s.stillOpenEarlier()).append(" from earlier weeks\n");
        FollowUps f = m.followUps();
        int open = f.openShown() + f.hiddenOpen();
        long overdue = f.byOwner().stream().mapToLong(OwnerActions::overdue).sum()
                + f.needsOwnerOrDueDate().stream().filter(a -> a.overdueDays() > 0).count();
        out.append("- **Open follow-ups:** ").append(open);
        if (overdue > 0) {
            out.append(", ").append(overdue).append(" overdue");
        }
        out.append("\n\n");
    }

    private static void bulletin(StringBuilder out, WeeklyReportModel m, ReportChartModel chart, Images images) {
        out.append("## Trailing ").append(m.window().weeks()).append(m.window().weeks() == 1 ? " week: " : " weeks: ")
                .append(m.window().label()).append("\n\n");
        if (images.chart() != null) {
            out.append("![").append(MarkdownText.escape(chart.title())).append("](")
                    .append(WeeklyReportModel.relativeLink(images.chart()))
                    .append(")\n\n");
        }
        if (!chart.cutTitles().isEmpty()) {
            out.append("Titles cut short in the chart:\n\n");
            table(out, new String[] {"Box", "Full title"}, chart.cutTitles().stream()
                    .map(b -> new String[] {b.key(), MarkdownText.cell(MarkdownText.escape(b.fullTitle()))})
                    .toList());
        }
        if (m.bulletin().isEmpty() && m.hiddenBulletin() == 0) {
            out.append("No incidents in these weeks.\n\n");
            return;
        }
        for (BulletinEntry e : m.bulletin()) {
            out.append("### ").append(e.date()).append(", ").append(e.time()).append(" · ").append(e.key())
                    .append(": ").append(e.title()).append("\n\n");
            out.append("**").append(e.severity()).append("** · ").append(e.status()).append(" · ")
                    .append(e.ongoing() ? e.duration() : "lasted " + e.duration()).append(" · ")
                    .append(followUpCount(e)).append("\n\n");
            out.append(e.paragraph().isEmpty() ? "*" + e.retroPending() + "*" : e.paragraph()).append("\n\n");
            String channel = e.channel().equals(ReportFormat.NONE) ? "no channel" : MarkdownText.link(e.channel(),
                    e.channelUrl());
            String retro = e.retro() == null ? "not exported yet (`/incident export`)"
                    : e.retroUrl() == null ? e.retro() : "[" + e.retro() + "](" + e.retroUrl() + ")";
            out.append("Channel: ").append(channel).append(" · Retro: ").append(retro).append("\n\n");
        }
        if (m.hiddenBulletin() > 0) {
            out.append("*").append(capitalised(ReportFormat.privateIncidents(m.hiddenBulletin())))
                    .append(m.hiddenBulletin() == 1 ? " is" : " are").append(" not shown in this channel.*\n\n");
        }
    }

    private static String followUpCount(BulletinEntry e) {
        if (e.followUpsTotal() == 0) {
            return "no follow-ups";
        }
        return e.followUpsTotal() + (e.followUpsTotal() == 1 ? " follow-up, " : " follow-ups, ") + e.followUpsOpen()
                + " open";
    }

    private static void followUps(StringBuilder out, FollowUps f) {
        out.append("## Follow-ups\n\n");
        int open = f.openShown() + f.hiddenOpen();
        if (open == 0) {
            out.append("No open follow-ups.\n\n");
        } else {
            out.append("Every open follow-up, each listed once: cleanups first, then by priority, then by due date.\n\n");
        }
        if (!f.needsOwnerOrDueDate().isEmpty()) {
            out.append("### Needs an owner or a due date (").append(f.needsOwnerOrDueDate().size()).append(")\n\n");
            table(out, new String[] {"Incident", "#", "Follow-up", "Owner", "Due", "Priority", "Type", "Ticket",
                "Marks"}, f.needsOwnerOrDueDate().stream()
                    .map(a -> new String[] {a.incident(), a.number(), a.text(), a.owner(), a.due(), a.priority(),
                        a.type(), a.ticket(), marks(a)})
                    .toList());
        }
        for (OwnerActions g : f.byOwner()) {
            out.append("### ").append(g.owner()).append(" (").append(g.items().size())
                    .append(g.overdue() > 0 ? ", " + g.overdue() + " overdue" : "").append(")\n\n");
            table(out, new String[] {"Incident", "#", "Follow-up", "Due", "Priority", "Type", "Ticket", "Marks"},
                    g.items().stream()
                            .map(a -> new String[] {a.incident(), a.number(), a.text(), a.due(), a.priority(), a.type(),
                                a.ticket(), marks(a)})
                            .toList());
        }
        if (f.hiddenOpen() > 0) {
            out.append("*").append(f.hiddenOpen()).append(f.hiddenOpen() == 1 ? " open follow-up" : " open follow-ups")
                    .append(" of private incidents not shown in this channel.*\n\n");
        }
        out.append("### Closed this week (").append(f.closedThisWeek().size() + f.hiddenClosed()).append(")\n\n");
        if (f.closedThisWeek().isEmpty() && f.hiddenClosed() == 0) {
            out.append("None.\n\n");
        }
        if (!f.closedThisWeek().isEmpty()) {
            table(out, new String[] {"Incident", "#", "Follow-up", "Owner", "Status", "Closed", "Resolve to close"},
                    f.closedThisWeek().stream()
                            .map(a -> new String[] {a.incident(), a.number(), a.text(), a.owner(), a.status(), a.closed(),
                                a.resolveToClose()})
                            .toList());
        }
        if (f.hiddenClosed() > 0) {
            out.append("*").append(f.hiddenClosed()).append(f.hiddenClosed() == 1 ? " follow-up" : " follow-ups")
                    .append(" of private incidents closed, not shown in this channel.*\n\n");
        }
    }

    private static String marks(ActionRow a) {
        List<String> shown = new ArrayList<>();
        for (String mark : a.marks()) {
            shown.add(mark.startsWith("overdue") ? "**" + mark + "**" : mark);
        }
        return String.join(", ", shown);
    }

    private static void policy(StringBuilder out, Policy p) {
        out.append("## Policy: ").append(p.from()).append(" to ").append(p.to()).append("\n\n");
        out.append("- **Follow-ups done by their due date:** ").append(p.closedByDueDate().text());
        if (p.closedByDueDate().of() == 0) {
            out.append(" (none came due)");
        }
        out.append('\n');
        out.append("- **Follow-ups done within 30 days of their incident's resolve:** ")
                .append(p.closedWithin30Days().text());
        if (p.closedWithin30Days().of() == 0) {
            out.append(" (none decided yet)");
        }
        if (p.within30DaysPending() > 0) {
            out.append("; ").append(p.within30DaysPending()).append(" open and still inside their 30 days");
        }
        out.append('\n');
        out.append("- **Resolved without a retro after 5 working days:** ").append(p.retrosMissingCount());
        if (p.retrosMissingCount() > 0) {
            List<String> names = new ArrayList<>(p.retrosMissing());
            if (p.retrosMissingHidden() > 0) {
                names.add(ReportFormat.privateIncidents(p.retrosMissingHidden()));
            }
            out.append(" (").append(String.join(", ", names)).append(')');
        }
        out.append("\n\n");
    }

    private static void trend(StringBuilder out, WeeklyReportModel m, Images images) {
        out.append("## Trends: last ").append(m.trend().size()).append(" weeks\n\n");
        if (images.trend() != null) {
            out.append("![Incidents by severity, MTTR and MTTD, last ").append(m.trend().size()).append(" weeks](")
                    .append(WeeklyReportModel.relativeLink(images.trend())).append(")\n\n");
        }
        List<String[]> rows = new ArrayList<>();
        for (TrendWeek w : m.trend()) {
            List<String> cells = new ArrayList<>();
            cells.add(w.week());
            cells.add(String.valueOf(w.declared()));
            w.bySeverity().forEach(c -> cells.add(String.valueOf(c.count())));
            cells.add(w.mttr());
            cells.add(w.mttd());
            rows.add(cells.toArray(String[]::new));
        }
        table(out, new String[] {"Week", "Incidents", "SEV1", "SEV2", "SEV3", "SEV4", "MTTR", "MTTD"}, rows);
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
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
