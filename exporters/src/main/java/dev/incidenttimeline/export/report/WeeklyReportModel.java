package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionKind;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.RetroExport;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The weekly incident-review report, ready to display and to write as JSON: every Markdown
 * string is safe inline text (user text already escaped, safe inside a table cell), every list
 * in report order. {@link #from(WeeklyReportInput)} does all the counting, filtering, grouping
 * and hiding of private incidents; {@link WeeklyReportRenderer} only lays it out, and {@link
 * WeeklyReportJson} writes it. Fields are documented in {@code templates/report-json.md}.
 *
 * <p>No list repeats another: each open follow-up is in exactly one group (the top group when
 * it lacks an owner or a due date, else its owner's), a closed one only under "closed this
 * week", and an incident of the trailing window only in the bulletin.
 *
 * @param version format version of the JSON
 * @param week the ISO week, {@code 2026-W47}
 * @param heading {@code Incident review: 2026-W47 (16–22 November 2026)}
 * @param zone the IANA zone all times are shown in
 * @param generatedAt when the report was made, in {@code zone}
 * @param window the trailing window of the bulletin
 * @param summary the headline numbers of {@code week}
 * @param bulletin the incidents declared in the trailing window, newest first
 * @param hiddenBulletin how many private incidents of the window are counted but not shown
 * @param followUps every open follow-up, grouped, then the items closed this week
 * @param policy the policy figures over the trend weeks
 * @param trend the last {@value WeeklyReportInput#TREND_WEEKS} ISO weeks, oldest first
 * @param stillOpen incidents declared before the window and still open
 */
public record WeeklyReportModel(
        int version,
        String week,
        String heading,
        String zone,
        String generatedAt,
        Window window,
        Summary summary,
        List<BulletinEntry> bulletin,
        int hiddenBulletin,
        FollowUps followUps,
        Policy policy,
        List<TrendWeek> trend,
        List<IncidentRow> stillOpen) {

    public static final int VERSION = 1;

    public WeeklyReportModel {
        Objects.requireNonNull(summary, "summary");
        bulletin = List.copyOf(bulletin);
        trend = List.copyOf(trend);
        stillOpen = List.copyOf(stillOpen);
    }

    /** The weeks the bulletin and the chart cover: {@code 2026-W46} to {@code 2026-W47}. */
    public record Window(int weeks, String from, String to, String label) {
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
     * @param mttr mean time to resolve of the resolved ones, or {@code –}
     * @param mttrSeconds the same in seconds, or {@code null}
     * @param mttrChange {@code ▼ 35m vs 2026-W46}, {@code ▲ 1h vs 2026-W46}, {@code no change vs 2026-W46},
     *     or {@code no previous data}; empty when there is no MTTR this week
     * @param mttd mean time to detect (start of impact to detection), or {@code –}
     * @param mttdSeconds the same in seconds, or {@code null}
     */
    public record Summary(
            int declared,
            List<SeverityCount> bySeverity,
            int hiddenPrivate,
            int resolved,
            int stillOpenThisWeek,
            int stillOpenEarlier,
            String mttr,
            Long mttrSeconds,
            String mttrChange,
            String mttd,
            Long mttdSeconds) {
        public Summary {
            bySeverity = List.copyOf(bySeverity);
        }
    }

    public record SeverityCount(String severity, int count) {
    }

    /**
     * One incident of the bulletin, as the Fly.io bulletin writes it: when, what, how bad,
     * how long, and a short paragraph of what happened.
     *
     * @param key {@code INC-41}
     * @param title Markdown, one line
     * @param titleText the title as plain text
     * @param severity {@code SEV1}
     * @param status {@code resolved}, {@code monitoring} …
     * @param date {@code Mon 16 Nov 2026}, the declaration day in the report's zone
     * @param time {@code 14:05}, the declaration time in the report's zone
     * @param declaredAt the declaration, ISO-8601 UTC
     * @param duration {@code 2h 23m}; for an open incident {@code ongoing, 13h}
     * @param durationSeconds the same in seconds (until the report time for an open incident)
     * @param ongoing not resolved yet
     * @param paragraph Markdown from the summary, impact and root cause; empty when none is written
     * @param retroPending when no summary, impact or root cause is written: the line that says so
     *     and names the DRI; else empty
     * @param dri the DRI's name, or {@code –}
     * @param channel {@code #inc-20261116-checkout-5xx} (Markdown), or {@code –}
     * @param channelUrl a link that opens the channel, or {@code null}
     * @param retro the retro's file name (Markdown), or {@code null} when it was never exported
     * @param retroUrl the Slack permalink of the uploaded retro, or the file name of the exported
     *     one as a link relative to the report; {@code null} when never exported
     * @param followUpsOpen how many of its follow-ups are open
     * @param followUpsTotal how many follow-ups it has
     */
    public record BulletinEntry(
            String key,
            String title,
            String titleText,
            String severity,
            String status,
            String date,
            String time,
            String declaredAt,
            String duration,
            long durationSeconds,
            boolean ongoing,
            String paragraph,
            String retroPending,
            String dri,
            String channel,
            String channelUrl,
            String retro,
            String retroUrl,
            int followUpsOpen,
            int followUpsTotal) {
    }

    /** An incident still open from before the window, as a table row. */
    public record IncidentRow(
            String key,
            String title,
            String severity,
            String declared,
            String openFor,
            String status,
            String dri,
            String channel) {
    }

    /**
     * Every follow-up the review goes through, each in one place.
     *
     * @param needsOwnerOrDueDate open items without an owner or without a due date, in review order
     * @param byOwner the other open items, by owner (by name), each group in review order
     * @param hiddenOpen open items of private incidents this report may only count
     * @param closedThisWeek items done or dropped during the week, by closing time
     * @param hiddenClosed items of private incidents closed this week, counted only
     */
    public record FollowUps(
            List<ActionRow> needsOwnerOrDueDate,
            List<OwnerActions> byOwner,
            int hiddenOpen,
            List<ActionRow> closedThisWeek,
            int hiddenClosed) {
        public FollowUps {
            needsOwnerOrDueDate = List.copyOf(needsOwnerOrDueDate);
            byOwner = List.copyOf(byOwner);
            closedThisWeek = List.copyOf(closedThisWeek);
        }

        /** Open items shown, in every group. */
        public int openShown() {
            return needsOwnerOrDueDate.size() + byOwner.stream().mapToInt(g -> g.items().size()).sum();
        }
    }

    /**
     * One follow-up.
     *
     * @param incident {@code INC-41}
     * @param number {@code 2}
     * @param text Markdown, safe in a table cell
     * @param owner the owner's name, or {@code –}
     * @param due {@code 2026-11-27}, or {@code –}
     * @param priority {@code p1} … {@code p3}
     * @param type {@code cleanup}, {@code prevent} …
     * @param status {@code open}, {@code done}, {@code dropped}
     * @param ticket the ticket's link (Markdown), or {@code –}
     * @param marks what the review must notice, in order: {@code overdue 3 days}, {@code no owner},
     *     {@code no due date}, {@code not accepted}
     * @param overdueDays days past the due date for an open item, else {@code 0}
     * @param closed the closing date for a closed item, else {@code –}
     * @param resolveToClose for a closed item, {@code 4 days} from its incident's resolve to its
     *     close ({@code before resolve}, {@code incident still open}); else {@code –}
     */
    public record ActionRow(
            String incident,
            String number,
            String text,
            String owner,
            String due,
            String priority,
            String type,
            String status,
            String ticket,
            List<String> marks,
            long overdueDays,
            String closed,
            String resolveToClose) {
        public ActionRow {
            marks = List.copyOf(marks);
        }
    }

    /** The open items of one owner. */
    public record OwnerActions(String owner, int overdue, List<ActionRow> items) {
        public OwnerActions {
            items = List.copyOf(items);
        }
    }

    /**
     * The policy figures, over the trend weeks ({@code from}…{@code to}).
     *
     * @param closedByDueDate of the follow-ups that came due in these weeks up to the report day
     *     (dropped ones aside), how many were done by their due date
     * @param closedWithin30Days of the follow-ups of incidents resolved in these weeks (dropped ones
     *     aside) whose outcome is known, how many were done within 30 days of the resolve
     * @param within30DaysPending of those, the open ones whose 30 days have not run out yet
     * @param retrosMissing incidents resolved in these weeks more than 5 working days ago whose
     *     retro was never exported, by key (hidden private ones are counted in {@code retrosMissingHidden})
     */
    public record Policy(
            String from,
            String to,
            Share closedByDueDate,
            Share closedWithin30Days,
            int within30DaysPending,
            List<String> retrosMissing,
            int retrosMissingHidden) {
        public Policy {
            retrosMissing = List.copyOf(retrosMissing);
        }

        public int retrosMissingCount() {
            return retrosMissing.size() + retrosMissingHidden;
        }
    }

    /** {@code met} of {@code of}; {@code text} is {@code 3 of 4 (75%)}, or {@code –} when {@code of} is 0. */
    public record Share(int met, int of, String text) {
        static Share of(int met, int of) {
            return new Share(met, of, of == 0 ? ReportFormat.NONE
                    : met + " of " + of + " (" + Math.round(100.0 * met / of) + "%)");
        }
    }

    /**
     * One ISO week of the trend; private incidents are counted.
     *
     * @param week {@code 2026-W47}
     * @param declared incidents declared that week
     * @param bySeverity of them, per severity, SEV1 first
     * @param mttr mean time to resolve of those resolved, or {@code –}
     * @param mttrSeconds the same, or {@code null}
     * @param mttd mean time to detect of those with a known start, or {@code –}
     * @param mttdSeconds the same, or {@code null}
     */
    public record TrendWeek(
            String week,
            int declared,
            List<SeverityCount> bySeverity,
            String mttr,
            Long mttrSeconds,
            String mttd,
            Long mttdSeconds) {
        public TrendWeek {
            bySeverity = List.copyOf(bySeverity);
        }
    }

    /** Builds the display model: all counting, filtering, grouping, escaping and hiding happen here. */
    public static WeeklyReportModel from(WeeklyReportInput input) {
        return new Builder(input).build();
    }

    /** The link that opens a Slack channel in any workspace the reader belongs to. */
    static String channelUrl(String channelId) {
        return channelId == null || channelId.isBlank() ? null
                : "https://slack.com/app_redirect?channel=" + channelId;
    }

    /** Time to detect: from the start of impact to detection (or declaration), when the start is known. */
    static Duration timeToDetect(Incident i) {
        if (i.startedAt() == null) {
            return null;
        }
        Instant detected = i.detectedAt() != null ? i.detectedAt() : i.declaredAt();
        return detected.isBefore(i.startedAt()) ? Duration.ZERO : Duration.between(i.startedAt(), detected);
    }

    /** Mean of the given durations, or null. */
    static Duration mean(List<Duration> ds) {
        if (ds.isEmpty()) {
            return null;
        }
        long seconds = 0;
        for (Duration d : ds) {
            seconds += d.getSeconds();
        }
        return Duration.ofSeconds(seconds / ds.size());
    }

    /**
     * A file name as a link relative to the report (the CLI writes retros, reports and charts
     * side by side): percent-encoded so that no character can end the link or make it a
     * scheme; {@code /} separates folders.
     */
    static String relativeLink(String fileName) {
        StringBuilder out = new StringBuilder();
        for (byte b : fileName.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", c));
            }
        }
        return out.toString();
    }

    private static final class Builder {
        private static final DateTimeFormatter BULLETIN_DATE =
                DateTimeFormatter.ofPattern("EEE d MMM yyyy", Locale.ENGLISH);
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
        private static final int WORKING_DAYS_FOR_RETRO = 5;
        private static final int DAYS_TO_CLOSE = 30;

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
            IsoWeek from = in.windowStart();
            String label = in.trailingWeeks() == 1 ? week.toString() : from + " to " + week;
            Instant windowStart = from.start(zone);
            List<Incident> window = in.incidents().stream()
                    .filter(i -> !i.declaredAt().isBefore(windowStart)).toList();
            List<Incident> shown = window.stream().filter(i -> !hidden(i))
                    .sorted(Comparator.comparing(Incident::declaredAt).thenComparingLong(Incident::number).reversed())
                    .toList();
            List<Incident> stillOpen = new ArrayList<>(in.openFromEarlierWeeks());
            in.incidents().stream().filter(i -> i.isOpen() && i.declaredAt().isBefore(windowStart))
                    .forEach(stillOpen::add);
            stillOpen.sort(Comparator.comparing(Incident::declaredAt).thenComparingLong(Incident::number));
            return new WeeklyReportModel(
                    VERSION,
                    week.toString(),
                    heading,
                    zone.getId(),
                    ReportFormat.dateTime(in.generatedAt(), zone),
                    new Window(in.trailingWeeks(), from.toString(), week.toString(), label),
                    summary(stillOpen.size()),
                    shown.stream().map(this::bulletin).toList(),
                    window.size() - shown.size(),
                    followUps(),
                    policy(),
                    trend(),
                    stillOpen.stream().filter(i -> !hidden(i)).map(this::openRow).toList());
        }

        private List<Incident> declaredIn(IsoWeek w) {
            return in.incidents().stream().filter(i -> w.contains(i.declaredAt(), zone)).toList();
        }

        private Summary summary(int stillOpenEarlier) {
            List<Incident> week = declaredIn(in.week());
            int hidden = (int) week.stream().filter(this::hidden).count();
            List<Duration> resolved = timesToResolve(week);
            Duration mttr = mean(resolved);
            Duration before = mean(timesToResolve(declaredIn(in.week().previous())));
            String change = "";
            if (mttr != null) {
                change = before == null ? "no previous data" : change(mttr, before);
            }
            Duration mttd = mean(timesToDetect(week));
            int open = (int) week.stream().filter(Incident::isOpen).count();
            return new Summary(week.size(), bySeverity(week), hidden, resolved.size(), open, stillOpenEarlier,
                    durationOrNone(mttr), seconds(mttr), change, durationOrNone(mttd), seconds(mttd));
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

        private static List<SeverityCount> bySeverity(List<Incident> incidents) {
            List<SeverityCount> counts = new ArrayList<>();
            for (Severity s : Severity.values()) {
                counts.add(new SeverityCount(s.label(), (int) incidents.stream().filter(i -> i.severity() == s).count()));
            }
            return counts;
        }

        private static List<Duration> timesToResolve(List<Incident> incidents) {
            return incidents.stream().filter(i -> !i.isOpen()).map(i -> i.duration(i.resolvedAt())).toList();
        }

        private static List<Duration> timesToDetect(List<Incident> incidents) {
            return incidents.stream().map(WeeklyReportModel::timeToDetect).filter(Objects::nonNull).toList();
        }

        private static String durationOrNone(Duration d) {
            return d == null ? ReportFormat.NONE : ReportFormat.duration(d);
        }

        private static Long seconds(Duration d) {
            return d == null ? null : d.getSeconds();
        }

        // ------------------------------------------------------------ bulletin

        private BulletinEntry bulletin(Incident i) {
            Duration d = i.duration(in.generatedAt());
            List<String> parts = new ArrayList<>();
            if (present(i.summary())) {
                parts.add(paragraphText(i.summary()));
            }
            if (present(i.impact())) {
                parts.add("**Impact:** " + paragraphText(i.impact()));
            }
            if (present(i.rootCause())) {
                parts.add("**Root cause:** " + paragraphText(i.rootCause()));
            }
            String paragraph = String.join(" ", parts);
            String pending = "";
            if (paragraph.isEmpty()) {
                pending = i.driId() == null || i.driId().isBlank()
                        ? "The retro is not written yet, and there is no DRI: name one with `/incident dri @someone`."
                        : "The retro is not written yet; " + person(i.driId()) + " is the DRI.";
            }
            RetroExport retro = in.retros().get(i.number());
            String retroName = retro == null ? null : plain(retro.fileName());
            String retroUrl = retro == null ? null
                    : retro.uploaded() ? MarkdownText.safeUrl(retro.permalink()) : relativeLink(retro.fileName());
            List<ActionItem> items = in.actionItems().stream().filter(a -> a.incidentNumber() == i.number()).toList();
            return new BulletinEntry(
                    i.key().toString(),
                    headingText(i.title()),
                    MarkdownText.plainFromSlack(i.title(), this::label),
                    i.severity().label(),
                    i.status().code(),
                    BULLETIN_DATE.format(i.declaredAt().atZone(zone)),
                    TIME.format(i.declaredAt().atZone(zone)),
                    i.declaredAt().truncatedTo(ChronoUnit.SECONDS).toString(),
                    i.isOpen() ? "ongoing, " + ReportFormat.duration(d) : ReportFormat.duration(d),
                    d.getSeconds(),
                    i.isOpen(),
                    paragraph,
                    pending,
                    person(i.driId()),
                    channel(i),
                    channelUrl(i.channelId()),
                    retroName,
                    retroUrl,
                    (int) items.stream().filter(ActionItem::isOpen).count(),
                    items.size());
        }

        private IncidentRow openRow(Incident i) {
            return new IncidentRow(i.key().toString(), text(i.title()), i.severity().label(),
                    ReportFormat.dateTime(i.declaredAt(), zone), ReportFormat.duration(i.duration(in.generatedAt())),
                    i.status().code(), person(i.driId()), channel(i));
        }

        private String channel(Incident i) {
            return i.channelName() == null || i.channelName().isBlank() ? ReportFormat.NONE
                    : plain("#" + i.channelName());
        }

        // ------------------------------------------------------------ follow-ups

        private static final String PRIVATE_OWNER_KEY = "\uffff";

        private FollowUps followUps() {
            List<ActionRow> top = new ArrayList<>();
            Map<String, List<ActionItem>> byOwner = new TreeMap<>();
            Map<String, String> names = new HashMap<>();
            int hiddenOpen = 0;
            List<ActionItem> open = in.actionItems().stream().filter(ActionItem::isOpen)
                    .sorted(ActionItem.REVIEW_ORDER).toList();
            for (ActionItem a : open) {
                if (hidden(incidentOf(a))) {
                    hiddenOpen++;
                    continue;
                }
                if (!hasOwner(a) || a.dueDate() == null) {
                    top.add(row(a));
                    continue;
                }
                // By the shown name, case-insensitively (then id, so two people with one name stay apart).
                String key = label(a.ownerId()).toLowerCase(Locale.ROOT) + "\u0000" + a.ownerId();
                byOwner.computeIfAbsent(key, k -> new ArrayList<>()).add(a);
                names.put(key, person(a.ownerId()));
            }
            List<OwnerActions> groups = new ArrayList<>();
            byOwner.forEach((key, items) -> groups.add(new OwnerActions(names.get(key),
                    (int) items.stream().filter(a -> a.isOverdue(today)).count(),
                    items.stream().map(this::row).toList())));

            Instant start = in.week().start(zone);
            Instant end = in.week().end(zone);
            List<ActionItem> closed = in.actionItems().stream()
                    .filter(a -> !a.isOpen() && a.closedAt() != null
                            && !a.closedAt().isBefore(start) && a.closedAt().isBefore(end))
                    .sorted(Comparator.comparing(ActionItem::closedAt)
                            .thenComparingLong(ActionItem::incidentNumber)
                            .thenComparingInt(ActionItem::number))
                    .toList();
            int hiddenClosed = (int) closed.stream().filter(a -> hidden(incidentOf(a))).count();
            return new FollowUps(top, groups, hiddenOpen,
                    closed.stream().filter(a -> !hidden(incidentOf(a))).map(this::row).toList(), hiddenClosed);
        }

        private ActionRow row(ActionItem a) {
            Incident incident = incidentOf(a);
            List<String> marks = new ArrayList<>();
            long overdue = a.isOverdue(today) ? ChronoUnit.DAYS.between(a.dueDate(), today) : 0;
            if (a.isOpen()) {
                if (overdue > 0) {
                    marks.add("overdue " + ReportFormat.days(overdue));
                }
                if (!hasOwner(a)) {
                    marks.add("no owner");
                }
                if (a.dueDate() == null) {
                    marks.add("no due date");
                }
                if (hasOwner(a) && in.isNotAccepted(a)) {
                    marks.add("not accepted");
                }
            }
            String closed = ReportFormat.NONE;
            String resolveToClose = ReportFormat.NONE;
            if (!a.isOpen() && a.closedAt() != null) {
                LocalDate closedDay = LocalDate.ofInstant(a.closedAt(), zone);
                closed = ReportFormat.date(closedDay);
                if (incident.resolvedAt() == null) {
                    resolveToClose = "incident still open";
                } else if (a.closedAt().isBefore(incident.resolvedAt())) {
                    resolveToClose = "before resolve";
                } else {
                    resolveToClose = ReportFormat.days(
                            ChronoUnit.DAYS.between(LocalDate.ofInstant(incident.resolvedAt(), zone), closedDay));
                }
            }
            String ticket = a.ticketUrl() == null || a.ticketUrl().isBlank() ? ReportFormat.NONE
                    : MarkdownText.link("ticket", a.ticketUrl());
            return new ActionRow(
                    incident.key().toString(),
                    String.valueOf(a.number()),
                    text(a.text()),
                    hasOwner(a) ? person(a.ownerId()) : ReportFormat.NONE,
                    a.dueDate() == null ? ReportFormat.NONE : ReportFormat.date(a.dueDate()),
                    a.priority().code(),
                    a.kind().code(),
                    a.status().code(),
                    ticket,
                    marks,
                    overdue,
                    closed,
                    resolveToClose);
        }

        private static boolean hasOwner(ActionItem a) {
            return a.ownerId() != null && !a.ownerId().isBlank();
        }

        private Incident incidentOf(ActionItem a) {
            return in.incident(a.incidentNumber()).orElseThrow();
        }

        // ------------------------------------------------------------ policy

        private Policy policy() {
            IsoWeek first = in.trendStart();
            Instant from = first.start(zone);
            Instant end = in.week().end(zone);
            LocalDate lastDue = in.week().sunday().isBefore(today) ? in.week().sunday() : today.minusDays(1);

            int dueMet = 0;
            int dueOf = 0;
            for (ActionItem a : in.actionItems()) {
                if (a.status() == ActionStatus.DROPPED || a.dueDate() == null
                        || a.dueDate().isBefore(first.monday()) || a.dueDate().isAfter(lastDue)) {
                    continue;
                }
                dueOf++;
                if (a.status() == ActionStatus.DONE && a.closedAt() != null
                        && !LocalDate.ofInstant(a.closedAt(), zone).isAfter(a.dueDate())) {
                    dueMet++;
                }
            }

            List<Incident> resolved = in.allIncidents().stream()
                    .filter(i -> i.resolvedAt() != null && !i.isOpen()
                            && !i.resolvedAt().isBefore(from) && i.resolvedAt().isBefore(end))
                    .toList();
            Map<Long, Incident> resolvedByNumber = new HashMap<>();
            resolved.forEach(i -> resolvedByNumber.put(i.number(), i));
            int met30 = 0;
            int of30 = 0;
            int pending = 0;
            for (ActionItem a : in.actionItems()) {
                Incident i = resolvedByNumber.get(a.incidentNumber());
                if (i == null || a.status() == ActionStatus.DROPPED) {
                    continue;
                }
                Instant deadline = i.resolvedAt().plus(Duration.ofDays(DAYS_TO_CLOSE));
                if (a.status() == ActionStatus.DONE && a.closedAt() != null) {
                    of30++;
                    if (!a.closedAt().isAfter(deadline)) {
                        met30++;
                    }
                } else if (deadline.isAfter(in.generatedAt())) {
                    pending++;
                } else {
                    of30++;
                }
            }

            List<String> missing = new ArrayList<>();
            int missingHidden = 0;
            for (Incident i : resolved) {
                LocalDate due = addWorkingDays(LocalDate.ofInstant(i.resolvedAt(), zone), WORKING_DAYS_FOR_RETRO);
                if (today.isAfter(due) && !in.retros().containsKey(i.number())) {
                    if (hidden(i)) {
                        missingHidden++;
                    } else {
                        missing.add(i.key().toString());
                    }
                }
            }
            return new Policy(first.toString(), in.week().toString(), Share.of(dueMet, dueOf),
                    Share.of(met30, of30), pending, missing, missingHidden);
        }

        static LocalDate addWorkingDays(LocalDate day, int n) {
            LocalDate d = day;
            int added = 0;
            while (added < n) {
                d = d.plusDays(1);
                if (d.getDayOfWeek() != DayOfWeek.SATURDAY && d.getDayOfWeek() != DayOfWeek.SUNDAY) {
                    added++;
                }
            }
            return d;
        }

        // ------------------------------------------------------------ trend

        private List<TrendWeek> trend() {
            List<TrendWeek> weeks = new ArrayList<>();
            for (IsoWeek w = in.trendStart(); w.compareTo(in.week()) <= 0; w = w.next()) {
                List<Incident> declared = declaredIn(w);
                Duration mttr = mean(timesToResolve(declared));
                Duration mttd = mean(timesToDetect(declared));
                weeks.add(new TrendWeek(w.toString(), declared.size(), bySeverity(declared),
                        durationOrNone(mttr), seconds(mttr), durationOrNone(mttd), seconds(mttd)));
            }
            return weeks;
        }

        // ------------------------------------------------------------ text

        private boolean hidden(Incident i) {
            return i.isPrivate() && !in.showPrivate();
        }

        private static boolean present(String s) {
            return s != null && !s.isBlank();
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

        /** User text inside a paragraph: one line, so the paragraph stays one block. */
        private String paragraphText(String slackText) {
            return MarkdownText.singleLine(MarkdownText.inlineFromSlack(slackText, this::label));
        }

        /** Plain text (a name), escaped for a table cell. */
        private String plain(String s) {
            return MarkdownText.cell(MarkdownText.escape(s));
        }

    }
}
