package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The weekly incident-review report, ready to display: every string is Markdown-safe inline
 * text (user text already escaped, safe inside a table cell), every list in report order.
 * {@link #from(WeeklyReportInput)} does all the counting, filtering, grouping and hiding of
 * private incidents; {@link WeeklyReportRenderer} only lays it out.
 *
 * @param week the ISO week, {@code 2026-W47}
 * @param heading {@code Incident review: 2026-W47 (16–22 November 2026)}
 * @param zone the IANA zone all times are shown in
 * @param generatedAt when the report was made, in {@code zone}
 * @param summary the headline numbers
 * @param incidents the incidents declared this week, by declaration time; hidden private ones are one
 *     {@linkplain IncidentRow#hidden() hidden} row at the end
 * @param actionsByIncident for each shown incident of the week, its action items
 * @param hiddenActionIncidents how many private incidents of the week have their action items left out
 * @param closedThisWeek action items done or dropped during the week
 * @param nextWeek the ISO week after {@code week}
 * @param dueNextWeek open action items due during the next week
 * @param overdueByOwner open action items past their due date, grouped by owner, most overdue first
 * @param stillOpen incidents declared before this week and still open
 */
public record WeeklyReportModel(
        String week,
        String heading,
        String zone,
        String generatedAt,
        Summary summary,
        List<IncidentRow> incidents,
        List<IncidentActions> actionsByIncident,
        int hiddenActionIncidents,
        List<ActionRow> closedThisWeek,
        String nextWeek,
        List<ActionRow> dueNextWeek,
        List<OwnerActions> overdueByOwner,
        List<IncidentRow> stillOpen) {

    public WeeklyReportModel {
        Objects.requireNonNull(summary, "summary");
        incidents = List.copyOf(incidents);
        actionsByIncident = List.copyOf(actionsByIncident);
        closedThisWeek = List.copyOf(closedThisWeek);
        dueNextWeek = List.copyOf(dueNextWeek);
        overdueByOwner = List.copyOf(overdueByOwner);
        stillOpen = List.copyOf(stillOpen);
    }

    /**
     * The headline numbers of the week. Private incidents are always counted.
     *
     * @param declared incidents declared this week
     * @param bySeverity how many of them per severity, SEV1 first, every severity listed
     * @param hiddenPrivate how many of them are private and not shown in this report
     * @param resolved how many of them are resolved
     * @param stillOpenThisWeek how many of them are still open
     * @param stillOpenEarlier incidents from earlier weeks still open
     * @param totalTimeToResolve sum of the time to resolve of the resolved ones, or {@code –}
     * @param medianTimeToResolve median time to resolve, or {@code –}
     * @param mttr mean time to resolve, or {@code –}
     * @param mttrChange {@code ▼ 35m vs 2026-W46}, {@code ▲ 1h vs 2026-W46}, {@code no change vs 2026-W46},
     *     or {@code no previous data}; empty when there is no MTTR this week
     */
    public record Summary(
            int declared,
            List<SeverityCount> bySeverity,
            int hiddenPrivate,
            int resolved,
            int stillOpenThisWeek,
            int stillOpenEarlier,
            String totalTimeToResolve,
            String medianTimeToResolve,
            String mttr,
            String mttrChange) {
        public Summary {
            bySeverity = List.copyOf(bySeverity);
        }
    }

    public record SeverityCount(String severity, int count) {
    }

    /**
     * One incident as a table row; a {@linkplain #hidden() hidden} row stands for private
     * incidents that this report may only count ({@code title} is then {@code 2 private incidents}
     * and the other cells are {@code –}). {@code duration} is the time to resolve, or for an open
     * incident how long it has been open so far ({@code ongoing, 13h} in the table of the week).
     */
    public record IncidentRow(
            String key,
            String title,
            String severity,
            String declared,
            String duration,
            String status,
            String dri,
            String channel,
            boolean hidden) {
    }

    /** The action items of one incident of the week. */
    public record IncidentActions(String key, String title, List<ActionRow> items) {
        public IncidentActions {
            items = List.copyOf(items);
        }
    }

    /**
     * One action item. {@code overdue} is {@code 3 days} when it is open and past due, else empty;
     * {@code closed} is the closing date when it is done or dropped, else empty. For an item of a
     * private incident that the report may not show, {@code incident} is {@code private}, the
     * number is a dash and the text only says that it belongs to a private incident.
     */
    public record ActionRow(
            String incident,
            String number,
            String text,
            String owner,
            String due,
            String status,
            String closed,
            String overdue) {
    }

    /** The overdue items of one owner ({@code Unassigned} for items without an owner). */
    public record OwnerActions(String owner, List<ActionRow> items) {
        public OwnerActions {
            items = List.copyOf(items);
        }
    }

    /** Builds the display model: all counting, filtering, grouping, escaping and hiding happen here. */
    public static WeeklyReportModel from(WeeklyReportInput input) {
        return new Builder(input).build();
    }

    private static final class Builder {
        private static final String UNASSIGNED = "Unassigned";

        private final WeeklyReportInput in;
        private final ZoneId zone;
        private final LocalDate today;

        Builder(WeeklyReportInput in) {
            this.in = in;
            this.zone = in.zone();
            this.today = in.today();
        }

        WeeklyReportModel build() {
            IsoWeek week = in.week();
            String heading = "Incident review: " + week + " ("
                    + ReportFormat.dayRange(week.monday(), week.sunday()) + ")";
            List<Incident> hiddenThisWeek = in.incidents().stream().filter(this::hidden).toList();
            return new WeeklyReportModel(
                    week.toString(),
                    heading,
                    zone.getId(),
                    ReportFormat.dateTime(in.generatedAt(), zone),
                    summary(hiddenThisWeek.size()),
                    incidentRows(in.incidents(), "ongoing, "),
                    actionsByIncident(),
                    hiddenThisWeek.size(),
                    closedThisWeek(),
                    week.next().toString(),
                    dueNextWeek(),
                    overdueByOwner(),
                    incidentRows(in.openFromEarlierWeeks(), ""));
        }

        private Summary summary(int hiddenPrivate) {
            List<Incident> week = in.incidents();
            List<SeverityCount> bySeverity = new ArrayList<>();
            for (Severity s : Severity.values()) {
                bySeverity.add(new SeverityCount(s.label(),
                        (int) week.stream().filter(i -> i.severity() == s).count()));
            }
            List<Duration> resolved = timesToResolve(week);
            List<Duration> previous = timesToResolve(in.previousWeekIncidents());
            String total = ReportFormat.NONE;
            String median = ReportFormat.NONE;
            String mttr = ReportFormat.NONE;
            String change = "";
            if (!resolved.isEmpty()) {
                total = ReportFormat.duration(resolved.stream().reduce(Duration.ZERO, Duration::plus));
                median = ReportFormat.duration(median(resolved));
                Duration mean = mean(resolved);
                mttr = ReportFormat.duration(mean);
                change = previous.isEmpty() ? "no previous data" : change(mean, mean(previous));
            }
            int open = (int) week.stream().filter(Incident::isOpen).count();
            return new Summary(week.size(), bySeverity, hiddenPrivate, resolved.size(), open,
                    in.openFromEarlierWeeks().size(), total, median, mttr, change);
        }

        /** Compared on the shown values, so that the change always matches the numbers a reader sees. */
        private String change(Duration now, Duration before) {
            Duration delta = ReportFormat.shown(now).minus(ReportFormat.shown(before));
            String vs = " vs " + in.week().previous();
            if (delta.isZero()) {
                return "no change" + vs;
            }
            return (delta.isNegative() ? "▼ " : "▲ ") + ReportFormat.duration(delta.abs()) + vs;
        }

        private List<Duration> timesToResolve(List<Incident> incidents) {
            return incidents.stream()
                    .filter(i -> !i.isOpen())
                    .map(i -> i.duration(i.resolvedAt()))
                    .sorted()
                    .toList();
        }

        private static Duration mean(List<Duration> sorted) {
            long seconds = 0;
            for (Duration d : sorted) {
                seconds += d.getSeconds();
            }
            return Duration.ofSeconds(seconds / sorted.size());
        }

        private static Duration median(List<Duration> sorted) {
            int n = sorted.size();
            if (n % 2 == 1) {
                return sorted.get(n / 2);
            }
            return Duration.ofSeconds((sorted.get(n / 2 - 1).getSeconds() + sorted.get(n / 2).getSeconds()) / 2);
        }

        /** {@code ongoingPrefix} marks open incidents in a table that also holds resolved ones. */
        private List<IncidentRow> incidentRows(List<Incident> incidents, String ongoingPrefix) {
            List<IncidentRow> rows = new ArrayList<>();
            int hidden = 0;
            for (Incident i : incidents) {
                if (hidden(i)) {
                    hidden++;
                    continue;
                }
                Duration d = i.duration(in.generatedAt());
                String duration = i.isOpen()
                        ? ongoingPrefix + ReportFormat.duration(d)
                        : ReportFormat.duration(d);
                rows.add(new IncidentRow(
                        i.key().toString(),
                        text(i.title()),
                        i.severity().label(),
                        ReportFormat.dateTime(i.declaredAt(), zone),
                        duration,
                        i.status().code(),
                        person(i.driId()),
                        i.channelName() == null || i.channelName().isBlank()
                                ? ReportFormat.NONE
                                : plain("#" + i.channelName()),
                        false));
            }
            if (hidden > 0) {
                String n = ReportFormat.NONE;
                rows.add(new IncidentRow(n, "*" + ReportFormat.privateIncidents(hidden) + "*", n, n, n, n, n, n, true));
            }
            return rows;
        }

        private List<IncidentActions> actionsByIncident() {
            List<IncidentActions> result = new ArrayList<>();
            // Grouped once: one pass over the items, not one per incident.
            Map<Long, List<ActionItem>> byIncident = in.actionItems().stream()
                    .collect(java.util.stream.Collectors.groupingBy(ActionItem::incidentNumber));
            for (Incident i : in.incidents()) {
                if (hidden(i)) {
                    continue;
                }
                List<ActionRow> items = byIncident.getOrDefault(i.number(), List.of()).stream()
                        .map(this::row)
                        .toList();
                result.add(new IncidentActions(i.key().toString(), headingText(i.title()), items));
            }
            return result;
        }

        private List<ActionRow> closedThisWeek() {
            Instant start = in.week().start(zone);
            Instant end = in.week().end(zone);
            return in.actionItems().stream()
                    .filter(a -> !a.isOpen() && a.closedAt() != null
                            && !a.closedAt().isBefore(start) && a.closedAt().isBefore(end))
                    .sorted(Comparator.comparing(ActionItem::closedAt)
                            .thenComparingLong(ActionItem::incidentNumber)
                            .thenComparingInt(ActionItem::number))
                    .map(this::row)
                    .toList();
        }

        private List<ActionRow> dueNextWeek() {
            IsoWeek next = in.week().next();
            return in.actionItems().stream()
                    .filter(a -> a.isOpen() && a.dueDate() != null && next.contains(a.dueDate()))
                    .sorted(Comparator.comparing(ActionItem::dueDate)
                            .thenComparingLong(ActionItem::incidentNumber)
                            .thenComparingInt(ActionItem::number))
                    .map(this::row)
                    .toList();
        }

        private static final String PRIVATE_OWNER_KEY = "\uffff";
        private static final String PRIVATE_OWNER = "Private incidents";

        private List<OwnerActions> overdueByOwner() {
            // Sorted by the shown name (then id, so two people with the same name stay apart and in a stable order).
            Map<String, List<ActionItem>> byOwner = new TreeMap<>();
            Map<String, String> names = new TreeMap<>();
            for (ActionItem a : in.actionItems()) {
                if (!a.isOverdue(today)) {
                    continue;
                }
                if (hidden(in.incident(a.incidentNumber()).orElseThrow())) {
                    // Under no owner's name: private work is counted, after everyone's.
                    byOwner.computeIfAbsent(PRIVATE_OWNER_KEY, k -> new ArrayList<>()).add(a);
                    names.put(PRIVATE_OWNER_KEY, PRIVATE_OWNER);
                    continue;
                }
                String id = a.ownerId() == null || a.ownerId().isBlank() ? null : a.ownerId();
                String label = id == null ? null : label(id);
                // "Unassigned" sorts last but for private work; everyone else case-insensitively by name.
                String sortKey = id == null ? "\ufffe" : label.toLowerCase(Locale.ROOT) + "\u0000" + id;
                byOwner.computeIfAbsent(sortKey, k -> new ArrayList<>()).add(a);
                names.put(sortKey, id == null ? UNASSIGNED : person(id));
            }
            List<OwnerActions> groups = new ArrayList<>();
            byOwner.forEach((key, items) -> groups.add(new OwnerActions(names.get(key), items.stream()
                    .sorted(Comparator.comparing(ActionItem::dueDate)
                            .thenComparingLong(ActionItem::incidentNumber)
                            .thenComparingInt(ActionItem::number))
                    .map(this::row)
                    .toList())));
            return groups;
        }

        private ActionRow row(ActionItem a) {
            Incident incident = in.incident(a.incidentNumber()).orElseThrow();
            boolean hide = hidden(incident);
            String overdue = a.isOverdue(today)
                    ? ReportFormat.days(ChronoUnit.DAYS.between(a.dueDate(), today))
                    : "";
            String closed = !a.isOpen() && a.closedAt() != null
                    ? ReportFormat.date(LocalDate.ofInstant(a.closedAt(), zone))
                    : "";
            if (hide) {
                // Counts only: who owns private work, and when it is due, is itself sensitive.
                String n = ReportFormat.NONE;
                return new ActionRow("private", n, "*action item of a private incident*", n, n, a.status().code(), n,
                        overdue.isEmpty() ? "" : n);
            }
            return new ActionRow(
                    incident.key().toString(),
                    String.valueOf(a.number()),
                    text(a.text()),
                    a.ownerId() == null || a.ownerId().isBlank() ? UNASSIGNED : person(a.ownerId()),
                    a.dueDate() == null ? ReportFormat.NONE : ReportFormat.date(a.dueDate()),
                    a.status().code(),
                    closed,
                    overdue);
        }

        private boolean hidden(Incident i) {
            return i.isPrivate() && !in.showPrivate();
        }

        private String person(String id) {
            return id == null || id.isBlank() ? ReportFormat.NONE : plain(label(id));
        }

        private String label(String id) {
            SlackUser u = in.users().get(id);
            return u == null ? id : u.label();
        }

        /** User text (Slack markup) as Markdown-safe inline text that cannot break a table row. */
        private String text(String slackText) {
            return MarkdownText.cellFromSlack(slackText, this::label);
        }

        /** User text for a heading: one line. */
        private String headingText(String slackText) {
            return MarkdownText.singleLine(MarkdownText.inlineFromSlack(slackText, this::label));
        }

        /** Plain text (a name), escaped for a table cell. */
        private String plain(String s) {
            return MarkdownText.cell(MarkdownText.escape(s));
        }
    }
}
