package dev.incidenttimeline.bot.report;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.DomainException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.export.report.ReportChartModel;
import dev.incidenttimeline.export.report.ReportChartRenderer;
import dev.incidenttimeline.export.report.WeeklyReportInput;
import dev.incidenttimeline.export.report.WeeklyReportRenderer;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads one ISO week of one workspace from the store for the weekly incident-review report:
 * a handful of range queries, never one query per incident.
 */
public final class WeeklyReports {
    private WeeklyReports() {
    }

    /** The rendered report: Markdown and the chart PNG. */
    public record Rendered(IsoWeek week, WeeklyReportInput input, String markdown, byte[] chartPng) {
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
        return jdbi.inTransaction(h -> load(h, teamId, week, zone, now, showPrivate));
    }

    public static WeeklyReportInput load(Handle h, String teamId, IsoWeek week, ZoneId zone, Instant now,
            boolean showPrivate) {
        IncidentRepository incidents = h.attach(IncidentRepository.class);
        ActionItemRepository actions = h.attach(ActionItemRepository.class);
        Instant start = week.start(zone);
        Instant end = week.end(zone);
        List<Incident> thisWeek = new ArrayList<>();
        List<Incident> previousWeek = new ArrayList<>();
        for (Incident i : incidents.listDeclaredBetween(teamId, week.previous().start(zone), end)) {
            (i.declaredAt().isBefore(start) ? previousWeek : thisWeek).add(i);
        }
        List<Incident> openEarlier = incidents.listOpenDeclaredBefore(teamId, start);

        List<ActionItem> items = new ArrayList<>();
        if (!thisWeek.isEmpty()) {
            items.addAll(actions.listForIncidents(teamId, thisWeek.stream().mapToLong(Incident::number).toArray()));
        }
        items.addAll(actions.listClosedBetween(teamId, start, end));
        LocalDate endOfNextWeek = week.next().sunday().plusDays(1);
        items.addAll(actions.listOpenDueBefore(teamId, endOfNextWeek));

        Map<Long, Incident> byNumber = new HashMap<>();
        thisWeek.forEach(i -> byNumber.put(i.number(), i));
        previousWeek.forEach(i -> byNumber.put(i.number(), i));
        openEarlier.forEach(i -> byNumber.put(i.number(), i));
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
        return new WeeklyReportInput(week, zone, now, thisWeek, previousWeek, openEarlier, items, byNumber,
                h.attach(SlackUserRepository.class).byId(teamId), showPrivate);
    }

    public static Rendered render(WeeklyReportInput input) {
        return new Rendered(input.week(), input, WeeklyReportRenderer.render(input),
                ReportChartRenderer.renderPng(ReportChartModel.build(input)));
    }
}
