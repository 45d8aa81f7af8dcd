package dev.incidenttimeline.bot.report;

import dev.incidenttimeline.bot.actions.OwnerAcceptance;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.report.ReportChartModel;
import dev.incidenttimeline.export.report.ReportChartRenderer;
import dev.incidenttimeline.export.report.TrendChartModel;
import dev.incidenttimeline.export.report.TrendChartRenderer;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.export.report.WeeklyReportJson;
import dev.incidenttimeline.export.report.WeeklyReportModel;
import dev.incidenttimeline.export.report.WeeklyReportModel.BulletinEntry;
import dev.incidenttimeline.export.report.WeeklyReportRenderer;
import dev.incidenttimeline.export.report.WeeklyReportRenderer.Images;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.RetroExportRepository;
import dev.incidenttimeline.store.RetroRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads one ISO week of one workspace from the store for the weekly incident-review report (a
 * handful of range queries, never one query per incident), renders it, and queues it for a
 * Slack channel: the summary message, the chart, the trend chart and the Markdown.
 */
public final class WeeklyReports {
    private WeeklyReports() {
    }

    /** The rendered report: Markdown (linking the two charts by {@link #chartFile}/{@link #trendFile}), JSON, charts. */
    public record Rendered(IsoWeek week, WeeklyReportInput input, WeeklyReportModel model, String markdown,
            String json, byte[] chartPng, byte[] trendPng) {
    }

    /** {@code incident-review-2026-W47.md}. */
    public static String markdownFile(IsoWeek week) {
        return "incident-review-" + week + ".md";
    }

    /** {@code incident-review-2026-W47.png}: the bulletin chart. */
    public static String chartFile(IsoWeek week) {
        return "incident-review-" + week + ".png";
    }

    /** {@code incident-review-2026-W47-trend.png}: the 8-week trend. */
    public static String trendFile(IsoWeek week) {
        return "incident-review-" + week + "-trend.png";
    }

    /** Reads {@code 2026-W47} (or {@code 2026-w47}), with a clear error otherwise. */
    public static IsoWeek parseWeek(String text) {
        try {
            return IsoWeek.parse(text.strip());
        } catch (IllegalArgumentException e) {
            throw new DomainException(e.getMessage());
        }
    }

    public static WeeklyReportInput load(Jdbi jdbi, String teamId, IsoWeek week, ZoneId zone, Instant now,
            boolean showPrivate) {
        return load(jdbi, teamId, week, WeeklyReportInput.DEFAULT_TRAILING_WEEKS, zone, now, showPrivate);
    }

    public static WeeklyReportInput load(Jdbi jdbi, String teamId, IsoWeek week, int trailingWeeks, ZoneId zone,
            Instant now, boolean showPrivate) {
        return jdbi.inTransaction(h -> load(h, teamId, week, trailingWeeks, zone, now, showPrivate));
    }

    public static WeeklyReportInput load(Handle h, String teamId, IsoWeek week, ZoneId zone, Instant now,
            boolean showPrivate) {
        return load(h, teamId, week, WeeklyReportInput.DEFAULT_TRAILING_WEEKS, zone, now, showPrivate);
    }

    public static WeeklyReportInput load(Handle h, String teamId, IsoWeek week, int trailingWeeks, ZoneId zone,
            Instant now, boolean showPrivate) {
        IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
        ActionItemRepository actions = AttachedRepositories.of(h, ActionItemRepository.class);
        IsoWeek first = WeeklyReportInput.firstWeek(week, trailingWeeks);
        // The trend always covers the last eight weeks, whatever the window.
        IsoWeek trendStart = WeeklyReportInput.firstWeek(week, 1);
        Instant from = first.start(zone);
        Instant end = week.end(zone);
        List<Incident> declared = incidents.listDeclaredBetween(teamId, from, end);
        List<Incident> openEarlier = incidents.listOpenDeclaredBefore(teamId, from);
        List<Incident> resolved = incidents.listResolvedBetween(teamId, trendStart.start(zone), end);

        List<ActionItem> items = new ArrayList<>(actions.listOpen(teamId));
        items.addAll(actions.listClosedBetween(teamId, week.start(zone), end));
        items.addAll(actions.listDueBetween(teamId, trendStart.monday(), week.sunday().plusDays(1)));
        if (!resolved.isEmpty()) {
            items.addAll(actions.listForIncidents(teamId, resolved.stream().mapToLong(Incident::number).toArray()));
        }

        Map<Long, Incident> byNumber = new HashMap<>();
        declared.forEach(i -> byNumber.put(i.number(), i));
        openEarlier.forEach(i -> byNumber.put(i.number(), i));
        resolved.forEach(i -> byNumber.put(i.number(), i));
        Set<Long> missing = new LinkedHashSet<>();
        items.forEach(a -> {
            if (!byNumber.containsKey(a.incidentNumber())) {
                missing.add(a.incidentNumber());
            }
        });
        if (!missing.isEmpty()) {
            incidents.listByNumbers(teamId, missing.stream().mapToLong(Long::longValue).toArray())
                    .forEach(i -> byNumber.put(i.number(), i));
        }
        long[] numbers = byNumber.keySet().stream().mapToLong(Long::longValue).toArray();
        // Durations and times to detect come from the key moments people set, as in the retro.
        List<KeyMoment> moments = AttachedRepositories.of(h, RetroRepository.class).listMomentsFor(teamId, numbers);
        UnaryOperator<Incident> corrected = i -> i.withKeyMoments(moments);
        byNumber.replaceAll((n, i) -> corrected.apply(i));
        return new WeeklyReportInput(week, trailingWeeks, zone, now, declared.stream().map(corrected).toList(),
                openEarlier.stream().map(corrected).toList(), items, byNumber,
                AttachedRepositories.of(h, RetroExportRepository.class).latestFor(teamId, numbers),
                notAccepted(actions, teamId, zone, now),
                AttachedRepositories.of(h, SlackUserRepository.class).byId(teamId), showPrivate);
    }

    /** Items whose owner has not accepted them within the working days the owner is given. */
    private static Set<String> notAccepted(ActionItemRepository actions, String teamId, ZoneId zone, Instant now) {
        Instant ownedSince = OwnerAcceptance.workingDaysBefore(now, OwnerAcceptance.ACCEPT_WITHIN_WORKING_DAYS, zone);
        Set<String> keys = new LinkedHashSet<>();
        actions.listNotAccepted(teamId, null, ownedSince).forEach(a -> keys.add(a.incidentNumber() + "#" + a.number()));
        return keys;
    }

    /** Renders with the charts linked under their usual names, next to the Markdown. */
    public static Rendered render(WeeklyReportInput input) {
        return render(input, new Images(chartFile(input.week()), trendFile(input.week())));
    }

    public static Rendered render(WeeklyReportInput input, Images images) {
        WeeklyReportModel model = WeeklyReportModel.from(input);
        ReportChartModel chart = ReportChartModel.build(input);
        return new Rendered(input.week(), input, model, WeeklyReportRenderer.render(model, chart, images),
                WeeklyReportJson.write(model), ReportChartRenderer.renderPng(chart),
                TrendChartRenderer.renderPng(TrendChartModel.build(model.trend())));
    }

    /**
     * Queues the report for a channel: the chart first, with the summary as its comment (the
     * picture and the message arrive together), then the trend chart and the Markdown, in that
     * order ({@code key} makes each once).
     */
    public static void queue(Outbox outbox, String key, String channel, Rendered r, String comment) {
        IsoWeek week = r.week();
        outbox.uploadBytes(key + ":chart", channel, chartFile(week), "Incidents, " + r.model().window().label(),
                r.chartPng(), comment);
        outbox.uploadBytes(key + ":trend", channel, trendFile(week), "Incidents, MTTR and MTTD, last "
                + r.model().trend().size() + " weeks", r.trendPng(), null);
        outbox.uploadText(key + ":markdown", channel, markdownFile(week), "Incident review " + week, r.markdown(),
                null);
    }

    /** The report's first message in Slack: the headline numbers and one line per incident of the bulletin. */
    public static String summaryText(Rendered r) {
        WeeklyReportModel m = r.model();
        WeeklyReportModel.Summary s = m.summary();
        StringBuilder text = new StringBuilder("*Incident review " + m.week() + "*: " + s.declared()
                + " incident(s) declared");
        if (s.declared() > 0) {
            StringBuilder counts = new StringBuilder();
            s.bySeverity().stream().filter(c -> c.count() > 0)
                    .forEach(c -> counts.append(counts.length() == 0 ? "" : ", ").append(c.severity()).append(": ")
                            .append(c.count()));
            text.append(" (").append(counts).append(')');
        }
        text.append("; MTTR ").append(s.mttr()).append(", MTTD ").append(s.mttd()).append('.');
        for (BulletinEntry e : m.bulletin()) {
            text.append("\n• ").append(e.date()).append(' ').append(e.time()).append(" *").append(e.key())
                    .append("* ").append(e.severity()).append(" · ").append(SlackText.escape(e.titleText()))
                    .append(" · ").append(e.duration());
        }
        if (m.hiddenBulletin() > 0) {
            text.append("\n• ").append(m.hiddenBulletin()).append(" private incident(s)");
        }
        WeeklyReportModel.FollowUps f = m.followUps();
        long overdue = f.byOwner().stream().mapToLong(WeeklyReportModel.OwnerActions::overdue).sum()
                + f.needsOwnerOrDueDate().stream().filter(a -> a.overdueDays() > 0).count();
        text.append("\n*").append(f.openShown() + f.hiddenOpen()).append("* open follow-up(s), *").append(overdue)
                .append("* overdue, *").append(f.needsOwnerOrDueDate().size())
                .append("* without an owner or a due date; *").append(m.policy().retrosMissingCount())
                .append("* resolved incident(s) without a retro after 5 working days.");
        return text.toString();
    }

    /** The summary as Block Kit, for a message posted before the files. */
    public static String summaryBlocks(Rendered r) {
        List<ObjectNode> blocks = List.of(BlockKit.header("Incident review " + r.week()),
                BlockKit.section(SlackText.shorten(summaryText(r), 2900)),
                BlockKit.context("The chart, the 8-week trend and the full report follow as files."));
        return BlockKit.toJson(blocks);
    }
}
