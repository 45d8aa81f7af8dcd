package dev.incidenttimeline.export.retro;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.text.DurationText;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Month;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The retro of one incident, ready to display: every value is already formatted (times in
 * the chosen zone, people by label) and every user-written text already escaped for
 * Markdown. The built-in template, a user's template and the JSON export all read this same
 * model, so they cannot disagree. Fields are documented in {@code templates/retro-json.md}.
 *
 * <p>Values marked {@link JsonIgnore} are conveniences for templates (YAML-quoted front
 * matter, the timeline grouped by day, the mermaid diagram); JSON readers get the same data
 * in its plain form.
 */
public record RetroModel(
        int version,
        String key,
        long number,
        String title,
        String titleText,
        String severity,
        String status,
        boolean privateIncident,
        String channel,
        String channelUrl,
        Person commander,
        Person dri,
        String summary,
        String impact,
        String rootCause,
        String contributingFactors,
        String zone,
        String generatedAt,
        List<KeyTime> keyTimes,
        List<Interval> intervals,
        List<Entry> entries,
        List<Entry> findings,
        List<Entry> mitigations,
        List<Action> actionItems,
        List<Responder> responders,
        @JsonIgnore FrontMatter frontMatter,
        @JsonIgnore List<Day> days,
        @JsonIgnore String mermaidTitle,
        @JsonIgnore List<MermaidPoint> mermaid) {

    /** The version of this model's JSON form; raised when a field changes meaning or goes. */
    public static final int VERSION = 1;

    /** At most this many root-cause entries go into the diagram, which must stay readable. */
    static final int MERMAID_ROOT_CAUSES = 10;

    private static final String NOT_RECORDED = "not recorded";
    private static final String[] DAYS = new String[7];
    private static final String[] MONTHS = new String[12];

    static {
        for (DayOfWeek d : DayOfWeek.values()) {
            DAYS[d.ordinal()] = d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        }
        for (Month m : Month.values()) {
            MONTHS[m.ordinal()] = m.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
        }
    }
    private static final int MERMAID_TEXT = 60;

    // ----------------------------------------------------------------- template helpers

    /** {@code **SEV2** · resolved · [#inc-…](url)}: the line under the title. */
    @JsonIgnore
    public String headline() {
        StringBuilder sb = new StringBuilder();
        sb.append("**").append(severity).append("** · ").append(status);
        if (privateIncident) {
            sb.append(" · private");
        }
        if (channel != null) {
            // Mid-line, a channel's "#" is no heading: escaping only the name keeps the source readable.
            String name = "#" + MarkdownText.cell(MarkdownText.escape(channel.substring(1)));
            sb.append(" · ").append(MarkdownText.link(name, channelUrl));
        }
        return sb.toString();
    }

    @JsonIgnore
    public boolean hasFindings() {
        return !findings.isEmpty();
    }

    /** Whether the root-cause section has anything to show. */
    @JsonIgnore
    public boolean hasRootCauseContent() {
        return rootCause != null || contributingFactors != null || !findings.isEmpty();
    }

    @JsonIgnore
    public boolean hasActionItems() {
        return !actionItems.isEmpty();
    }

    @JsonIgnore
    public boolean hasResponders() {
        return !responders.isEmpty();
    }

    /** {@code 3 action items: 1 open (1 overdue), 1 done, 1 dropped.} */
    @JsonIgnore
    public String actionSummary() {
        int open = 0;
        int overdue = 0;
        int done = 0;
        int dropped = 0;
        for (Action a : actionItems) {
            switch (a.status()) {
                case "open" -> open++;
                case "done" -> done++;
                default -> dropped++;
            }
            if (a.overdue()) {
                overdue++;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append(actionItems.size()).append(actionItems.size() == 1 ? " action item: " : " action items: ");
        sb.append(open).append(" open");
        if (overdue > 0) {
            sb.append(" (").append(overdue).append(" overdue)");
        }
        sb.append(", ").append(done).append(" done, ").append(dropped).append(" dropped.");
        return sb.toString();
    }

    // ----------------------------------------------------------------- parts

    /** A person: Slack id, plain name (display → real → id), and the name escaped for Markdown. */
    public record Person(String id, String name, String label) {
    }

    /** A key moment of the incident. {@code time} reads "not recorded" when {@code at} is null. */
    public record KeyTime(String name, String label, String at, String time, String source) {
    }

    /** Time from the start to a key moment. {@code text} reads "not recorded" when {@code seconds} is null. */
    public record Interval(String name, String label, Long seconds, String text) {
    }

    /** One timeline entry (deleted ones never appear). {@code text} is one line, safe in a table cell. */
    public record Entry(
            long id,
            String kind,
            String kindLabel,
            String source,
            String at,
            String date,
            String time,
            String when,
            Person author,
            String text,
            String textPlain,
            boolean threadReply,
            String permalink) {

        /** The author's label, or a dash for an entry with no author. */
        @JsonIgnore
        public String who() {
            return author == null ? "—" : author.label();
        }
    }

    /** The entries of one day in the chosen zone, under a heading like {@code Tuesday 17 November 2026}. */
    public record Day(String date, String heading, List<Entry> entries) {
    }

    /** An action item; {@code overdue} when open and due before the day the retro was generated. */
    public record Action(
            int number,
            String text,
            String textPlain,
            Person owner,
            String due,
            String status,
            boolean overdue,
            String ticketUrl,
            String closedAt) {
    }

    /** Someone who joined the incident channel, with the roles they hold. */
    public record Responder(Person person, String joinedAt, String joined, String roles) {
    }

    /** The front matter's values as YAML scalars (quoted, or {@code null}). */
    public record FrontMatter(
            String key,
            String title,
            String severity,
            String status,
            String declared,
            String resolved,
            String commander,
            String dri,
            String channel,
            String permalink) {
    }

    /** One line of the mermaid timeline: {@code period : event}, both already sanitised. */
    public record MermaidPoint(String period, String event) {
    }

    // ----------------------------------------------------------------- building

    /**
     * Builds the retro of {@code in} with times shown in {@code zone}; {@code generatedAt}
     * is the moment the retro is written (it decides which action items are overdue). Reads
     * the timeline once, in order.
     */
    public static RetroModel build(RetroInput in, ZoneId zone, Instant generatedAt) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(generatedAt, "generatedAt");
        return new Builder(in, zone).build(generatedAt);
    }

    private static final class Builder {
        private final RetroInput in;
        private final Incident incident;
        private final ZoneId zone;
        private final DateTimeFormatter zoneNameFormat;
        private final DateTimeFormatter dayFormat;
        private final DateTimeFormatter mermaidFormat;
        /** Looking up a zone's short name is slow; an incident sees one or two offsets. */
        private final Map<ZoneOffset, String> zoneNames = new HashMap<>();
        private final Map<String, Person> people = new HashMap<>();
        private final Function<String, String> userLabel;

        Builder(RetroInput in, ZoneId zone) {
            this.in = in;
            this.incident = in.incident();
            // "Z" would show as "Z"; people read "UTC".
            this.zone = zone.normalized().equals(ZoneOffset.UTC) ? ZoneId.of("UTC") : zone;
            this.zoneNameFormat = DateTimeFormatter.ofPattern("zzz", Locale.ENGLISH);
            this.dayFormat = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH).withZone(this.zone);
            this.mermaidFormat = DateTimeFormatter.ofPattern("d MMM HH.mm", Locale.ENGLISH).withZone(this.zone);
            Map<String, SlackUser> users = in.users();
            this.userLabel = id -> {
                SlackUser u = users.get(id);
                return u == null ? null : u.label();
            };
        }

        RetroModel build(Instant generatedAt) {
            // One pass over the timeline collects everything the sections need.
            List<Entry> entries = new ArrayList<>(in.entries().size());
            List<Day> days = new ArrayList<>();
            List<Entry> findings = new ArrayList<>();
            List<Entry> mitigations = new ArrayList<>();
            List<TimelineEntry> rootCauseMoments = new ArrayList<>();
            TimelineEntry earliest = null;
            TimelineEntry firstDetection = null;
            TimelineEntry firstMitigation = null;
            LocalDate currentDay = null;
            List<Entry> dayEntries = null;
            for (TimelineEntry e : in.entries()) {
                if (e.deleted()) {
                    continue;
                }
                if (earliest == null || e.occurredAt().isBefore(earliest.occurredAt())) {
                    earliest = e;
                }
                ZonedDateTime local = e.occurredAt().atZone(zone);
                Entry entry = entry(e, local);
                entries.add(entry);
                LocalDate day = local.toLocalDate();
                if (!day.equals(currentDay)) {
                    currentDay = day;
                    dayEntries = new ArrayList<>();
                    days.add(new Day(day.toString(), dayFormat.format(e.occurredAt()), dayEntries));
                }
                dayEntries.add(entry);
                switch (e.kind()) {
                    case DETECTION -> {
                        if (firstDetection == null) {
                            firstDetection = e;
                        }
                    }
                    case MITIGATION -> {
                        if (firstMitigation == null) {
                            firstMitigation = e;
                        }
                        mitigations.add(entry);
                    }
                    case ROOT_CAUSE -> {
                        findings.add(entry);
                        if (rootCauseMoments.size() < MERMAID_ROOT_CAUSES) {
                            rootCauseMoments.add(e);
                        }
                    }
                    case FINDING -> findings.add(entry);
                    default -> {
                    }
                }
            }

            Moment started = moment(incident.startedAt(), earliest, "earliest timeline entry");
            Moment detected = moment(incident.detectedAt(), firstDetection, "first Detection entry");
            Moment declared = new Moment(incident.declaredAt(), "recorded");
            Moment mitigated = moment(incident.mitigatedAt(), firstMitigation, "first Mitigation entry");
            Moment resolved = moment(incident.resolvedAt(), null, null);

            List<KeyTime> keyTimes = List.of(
                    keyTime("started", "Started", started),
                    keyTime("detected", "Detected", detected),
                    keyTime("declared", "Declared", declared),
                    keyTime("mitigated", "Mitigated", mitigated),
                    keyTime("resolved", "Resolved", resolved));
            List<Interval> intervals = List.of(
                    interval("timeToDetect", "Time to detect", started, detected),
                    interval("timeToMitigate", "Time to mitigate", started, mitigated),
                    interval("timeToResolve", "Time to resolve", started, resolved));

            Person commander = person(incident.commanderId());
            Person dri = person(incident.driId());
            String channel = incident.channelName() == null || incident.channelName().isBlank()
                    ? null
                    : "#" + incident.channelName();
            String titleText = MarkdownText.plainFromSlack(incident.title(), userLabel).replace('\n', ' ');
            LocalDate today = LocalDate.ofInstant(generatedAt, zone);

            FrontMatter frontMatter = new FrontMatter(
                    MarkdownText.yamlString(incident.key().toString()),
                    MarkdownText.yamlString(titleText),
                    MarkdownText.yamlString(incident.severity().label()),
                    MarkdownText.yamlString(incident.status().code()),
                    MarkdownText.yamlString(iso(incident.declaredAt())),
                    MarkdownText.yamlString(iso(incident.resolvedAt())),
                    MarkdownText.yamlString(commander == null ? null : commander.name()),
                    MarkdownText.yamlString(dri == null ? null : dri.name()),
                    MarkdownText.yamlString(channel),
                    MarkdownText.yamlString(in.channelUrl()));

            return new RetroModel(
                    VERSION,
                    incident.key().toString(),
                    incident.number(),
                    MarkdownText.singleLine(MarkdownText.inlineFromSlack(incident.title(), userLabel)),
                    titleText,
                    incident.severity().label(),
                    incident.status().code(),
                    incident.isPrivate(),
                    channel,
                    MarkdownText.safeUrl(in.channelUrl()),
                    commander,
                    dri,
                    block(incident.summary()),
                    block(incident.impact()),
                    block(incident.rootCause()),
                    block(incident.contributingFactors()),
                    zone.getId(),
                    iso(generatedAt),
                    keyTimes,
                    intervals,
                    List.copyOf(entries),
                    List.copyOf(findings),
                    List.copyOf(mitigations),
                    actions(today),
                    responders(),
                    frontMatter,
                    List.copyOf(days),
                    incident.key() + " key moments, times in " + zone.getId(),
                    mermaid(started, detected, declared, mitigated, resolved, rootCauseMoments));
        }

        private Entry entry(TimelineEntry e, ZonedDateTime local) {
            String time = time(local);
            return new Entry(
                    e.id(),
                    e.kind().code(),
                    e.kind().label(),
                    e.source().code(),
                    iso(e.occurredAt()),
                    local.toLocalDate().toString(),
                    time,
                    when(local, time),
                    person(e.authorId()),
                    MarkdownText.cellFromSlack(e.text(), userLabel),
                    MarkdownText.plainFromSlack(e.text(), userLabel),
                    e.isThreadReply(),
                    MarkdownText.safeUrl(e.permalink()));
        }

        private List<Action> actions(LocalDate today) {
            List<ActionItem> items = new ArrayList<>(in.actionItems());
            items.sort(Comparator.comparingInt(ActionItem::number));
            List<Action> out = new ArrayList<>(items.size());
            for (ActionItem a : items) {
                out.add(new Action(
                        a.number(),
                        MarkdownText.cellFromSlack(a.text(), userLabel),
                        MarkdownText.plainFromSlack(a.text(), userLabel),
                        person(a.ownerId()),
                        a.dueDate() == null ? null : a.dueDate().toString(),
                        a.status().code(),
                        a.isOverdue(today),
                        MarkdownText.safeUrl(a.ticketUrl()),
                        iso(a.closedAt())));
            }
            return List.copyOf(out);
        }

        private List<Responder> responders() {
            List<Participant> ps = new ArrayList<>(in.participants());
            ps.sort(Comparator.comparing(Participant::joinedAt).thenComparing(Participant::userId));
            List<Responder> out = new ArrayList<>(ps.size());
            for (Participant p : ps) {
                List<String> roles = new ArrayList<>(2);
                if (p.userId().equals(incident.commanderId())) {
                    roles.add("Incident commander");
                }
                if (p.userId().equals(incident.driId())) {
                    roles.add("DRI");
                }
                out.add(new Responder(person(p.userId()), iso(p.joinedAt()), when(p.joinedAt()),
                        String.join(", ", roles)));
            }
            return List.copyOf(out);
        }

        private List<MermaidPoint> mermaid(Moment started, Moment detected, Moment declared, Moment mitigated,
                Moment resolved, List<TimelineEntry> rootCauses) {
            List<Point> points = new ArrayList<>();
            addPoint(points, started, "Started");
            addPoint(points, detected, "Detected");
            addPoint(points, declared, "Declared");
            addPoint(points, mitigated, "Mitigated");
            addPoint(points, resolved, "Resolved");
            for (TimelineEntry e : rootCauses) {
                String text = MarkdownText.plainFromSlack(e.text(), userLabel);
                points.add(new Point(e.occurredAt(), points.size(),
                        text.isBlank() ? "Root cause" : "Root cause - " + text));
            }
            // Stable: moments at the same time keep the order they were added in.
            points.sort(Comparator.comparing(Point::at).thenComparingInt(Point::order));
            List<MermaidPoint> out = new ArrayList<>(points.size());
            for (Point p : points) {
                out.add(new MermaidPoint(mermaidFormat.format(p.at()), MarkdownText.mermaidText(p.event(), MERMAID_TEXT)));
            }
            return List.copyOf(out);
        }

        private static void addPoint(List<Point> points, Moment m, String event) {
            if (m.at() != null) {
                points.add(new Point(m.at(), points.size(), event));
            }
        }

        private KeyTime keyTime(String name, String label, Moment m) {
            return new KeyTime(name, label, iso(m.at()), m.at() == null ? NOT_RECORDED : when(m.at()),
                    m.source());
        }

        private static Interval interval(String name, String label, Moment from, Moment to) {
            if (from.at() == null || to.at() == null) {
                return new Interval(name, label, null, NOT_RECORDED);
            }
            Duration d = Duration.between(from.at(), to.at());
            return new Interval(name, label, d.getSeconds(), DurationText.format(d));
        }

        private static Moment moment(Instant recorded, TimelineEntry fallback, String fallbackSource) {
            if (recorded != null) {
                return new Moment(recorded, "recorded");
            }
            if (fallback != null) {
                return new Moment(fallback.occurredAt(), fallbackSource);
            }
            return new Moment(null, null);
        }

        /** {@code 09:14 UTC}. */
        private String time(ZonedDateTime local) {
            StringBuilder sb = new StringBuilder(16);
            twoDigits(sb, local.getHour()).append(':');
            twoDigits(sb, local.getMinute()).append(' ');
            return sb.append(zoneNames.computeIfAbsent(local.getOffset(), o -> zoneNameFormat.format(local))).toString();
        }

        /** {@code Tue 17 Nov 2026, 09:14 UTC}. */
        private String when(ZonedDateTime local, String time) {
            return DAYS[local.getDayOfWeek().ordinal()] + " " + local.getDayOfMonth() + " "
                    + MONTHS[local.getMonthValue() - 1] + " " + local.getYear() + ", " + time;
        }

        private String when(Instant at) {
            ZonedDateTime local = at.atZone(zone);
            return when(local, time(local));
        }

        private static StringBuilder twoDigits(StringBuilder sb, int n) {
            return sb.append((char) ('0' + n / 10)).append((char) ('0' + n % 10));
        }

        private Person person(String id) {
            if (id == null || id.isBlank()) {
                return null;
            }
            return people.computeIfAbsent(id, k -> {
                SlackUser u = in.users().get(k);
                String name = u == null ? k : u.label();
                return new Person(k, name, MarkdownText.cell(MarkdownText.escape(name)));
            });
        }

        private String block(String slackText) {
            if (slackText == null || slackText.isBlank()) {
                return null;
            }
            String md = MarkdownText.fromSlack(slackText, userLabel);
            return md.isEmpty() ? null : md;
        }

        private static String iso(Instant at) {
            return at == null ? null : DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
        }
    }

    private record Moment(Instant at, String source) {
    }

    private record Point(Instant at, int order, String event) {
    }
}
