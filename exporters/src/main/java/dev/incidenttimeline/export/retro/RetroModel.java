package dev.incidenttimeline.export.retro;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.export.text.MarkdownText;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The retro of one incident, ready to display: every value is already formatted (times in
 * the chosen zone, people by label) and every user-written text already escaped for
 * Markdown. The built-in template, a user's template and the JSON export all read this same
 * model, so they cannot disagree. Fields are documented in {@code templates/retro-json.md}.
 *
 * <p>The same input always gives the same model: the moment it is "as of" (which items are
 * overdue, the footer) is the incident's last change, not the time of rendering.
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
        List<Note> causalChain,
        List<Entry> findings,
        List<Note> factors,
        String contributingFactors,
        List<LearningGroup> learnings,
        String zone,
        String lastChangedAt,
        List<KeyTime> keyTimes,
        List<Interval> intervals,
        List<Entry> entries,
        List<Entry> mitigations,
        List<Action> actionItems,
        List<Responder> responders,
        @JsonIgnore FrontMatter frontMatter,
        @JsonIgnore List<Day> days,
        @JsonIgnore String mermaidTitle,
        @JsonIgnore List<MermaidPoint> mermaid) {

    /** The version of this model's JSON form; raised when a field changes meaning or goes. */
    public static final int VERSION = 2;

    /** At most this many root-cause entries go into the diagram, which must stay readable. */
    static final int MERMAID_ROOT_CAUSES = 10;

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

    @JsonIgnore
    public boolean hasCausalChain() {
        return !causalChain.isEmpty();
    }

    /** Whether the contributing factors section has anything to show. */
    @JsonIgnore
    public boolean hasFactors() {
        return !factors.isEmpty() || contributingFactors != null;
    }

    /** Both numbered factors and the free text of {@code /incident factors}: a blank line between them. */
    @JsonIgnore
    public boolean hasFactorsAndText() {
        return !factors.isEmpty() && contributingFactors != null;
    }

    @JsonIgnore
    public boolean hasActionItems() {
        return !actionItems.isEmpty();
    }

    /** The open items that lack an owner or a due date. */
    @JsonIgnore
    public List<Action> flaggedActions() {
        return actionItems.stream().filter(a -> !a.flags().isEmpty()).toList();
    }

    @JsonIgnore
    public boolean hasFlaggedActions() {
        return actionItems.stream().anyMatch(a -> !a.flags().isEmpty());
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

    /**
     * A key moment of the incident. {@code time} reads "not recorded" when {@code at} is null;
     * {@code source} says where it came from, {@code setBy} who set it (null when not set by a person),
     * {@code command} the command that sets it (null for the declaration).
     */
    public record KeyTime(String name, String label, String at, String time, String source, Person setBy,
            String command) {
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

    /** An action item; {@code overdue} when open and due before the day of the incident's last change. */
    public record Action(
            int number,
            String text,
            String textPlain,
            String type,
            String priority,
            Person owner,
            String due,
            String status,
            boolean overdue,
            String ticketUrl,
            String closedAt,
            List<Flag> flags) {

        /** Whether it is still to do. */
        @JsonIgnore
        public boolean open() {
            return "open".equals(status);
        }

        /** {@code P1} …, as the retro shows it. */
        @JsonIgnore
        public String priorityLabel() {
            return priority.toUpperCase(Locale.ROOT);
        }
    }

    /** What an open action item lacks ({@code no owner}, {@code no due date}) and the command that fixes it. */
    public record Flag(String problem, String command) {
    }

    /** A causal chain step, contributing factor or learning: numbered, one line, with who wrote it. */
    public record Note(int number, String text, String textPlain, Person author, String at) {
        /** The author's label, or a dash. */
        @JsonIgnore
        public String who() {
            return author == null ? "—" : author.label();
        }
    }

    /** One question of "How did we do": its notes, and the command that adds one. */
    public record LearningGroup(String category, String heading, String command, List<Note> notes) {
        @JsonIgnore
        public boolean hasNotes() {
            return !notes.isEmpty();
        }
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
     * Builds the retro of {@code in} with times shown in {@code zone}. It is written as of the
     * incident's last change ({@link RetroInput#lastChangedAt()}), which decides which action
     * items are overdue; {@code fallbackAsOf} stands in when that is unknown. Reads the
     * timeline once, in order.
     */
    public static RetroModel build(RetroInput in, ZoneId zone, Instant fallbackAsOf) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(fallbackAsOf, "fallbackAsOf");
        return new Builder(in, zone).build(in.lastChangedAt() != null ? in.lastChangedAt() : fallbackAsOf);
    }

    /**
     * Whether an entry records the writing of the retro rather than the incident, so the
     * timeline and the findings leave it out (what it says has its own section): the retro
     * commands (summary, impact, root cause, factors, key moments, chain, learnings), the
     * commands on action items (the follow-ups list every item), roles handed out after the
     * incident was resolved, and an import's guess at the resolution once a person set it.
     */
    static boolean isRetroWriting(TimelineEntry e, RetroKeyTimes.Moment resolved) {
        boolean byCommand = e.source() == EntrySource.COMMAND;
        return switch (e.kind()) {
            case SUMMARY, IMPACT, RETRO -> true;
            case ROOT_CAUSE, FINDING, ACTION -> byCommand;
            case ROLE -> byCommand && resolved.at() != null && e.occurredAt().isAfter(resolved.at());
            case RESOLVED -> e.source() == EntrySource.IMPORT && resolved.setBy() != null;
            default -> false;
        };
    }

    /** Walks the timeline once and puts the parts together; the sections are built by their own classes. */
    private static final class Builder {
        private final RetroInput in;
        private final Incident incident;
        private final RetroFormat format;
        private final ZoneId zone;
        private final DateTimeFormatter dayFormat;
        private final DateTimeFormatter mermaidFormat;

        Builder(RetroInput in, ZoneId zone) {
            this.in = in;
            this.incident = in.incident();
            this.format = new RetroFormat(zone, in.users());
            this.zone = format.zone();
            this.dayFormat = DateTimeFormatter.ofPattern("EEEE d MMMM uuuu", Locale.ENGLISH).withZone(this.zone);
            this.mermaidFormat = DateTimeFormatter.ofPattern("d MMM HH.mm", Locale.ENGLISH).withZone(this.zone);
        }

        RetroModel build(Instant asOf) {
            RetroKeyTimes keyTimes = new RetroKeyTimes(incident, in.keyMoments(), format);
            RetroKeyTimes.Moment resolved = keyTimes.resolved();
            // One pass over the timeline collects everything the sections need.
            List<Entry> entries = new ArrayList<>(in.entries().size());
            List<Day> days = new ArrayList<>();
            List<Entry> findings = new ArrayList<>();
            Map<String, Integer> findingOfMessage = new HashMap<>();
            List<Entry> mitigations = new ArrayList<>();
            List<TimelineEntry> rootCauseMoments = new ArrayList<>();
            LocalDate currentDay = null;
            List<Entry> dayEntries = null;
            for (TimelineEntry e : in.entries()) {
                if (e.deleted()) {
                    continue;
                }
                keyTimes.see(e);
                if (isRetroWriting(e, resolved)) {
                    continue;
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
                    case MITIGATION -> mitigations.add(entry);
                    case ROOT_CAUSE, FINDING -> {
                        // A message tagged both a finding and the root cause is one finding: the root cause.
                        String message = e.messageTs() == null ? null : e.channelId() + "/" + e.messageTs();
                        Integer seen = message == null ? null : findingOfMessage.get(message);
                        if (seen == null) {
                            if (message != null) {
                                findingOfMessage.put(message, findings.size());
                            }
                            findings.add(entry);
                        } else if (e.kind() == EntryKind.ROOT_CAUSE) {
                            findings.set(seen, entry);
                        }
                        if (e.kind() == EntryKind.ROOT_CAUSE && rootCauseMoments.size() < MERMAID_ROOT_CAUSES) {
                            rootCauseMoments.add(e);
                        }
                    }
                    default -> {
                    }
                }
            }

            Person commander = format.person(incident.commanderId());
            Person dri = format.person(incident.driId());
            String channel = incident.channelName() == null || incident.channelName().isBlank()
                    ? null
                    : "#" + incident.channelName();
            String titleText = format.plain(incident.title()).replace('\n', ' ');
            LocalDate today = LocalDate.ofInstant(asOf, zone);

            FrontMatter frontMatter = new FrontMatter(
                    MarkdownText.yamlString(incident.key().toString()),
                    MarkdownText.yamlString(titleText),
                    MarkdownText.yamlString(incident.severity().label()),
                    MarkdownText.yamlString(incident.status().code()),
                    MarkdownText.yamlString(RetroFormat.iso(incident.declaredAt())),
                    MarkdownText.yamlString(keyTimes.resolved().at() == null ? null
                            : RetroFormat.iso(keyTimes.resolved().at())),
                    MarkdownText.yamlString(commander == null ? null : commander.name()),
                    MarkdownText.yamlString(dri == null ? null : dri.name()),
                    MarkdownText.yamlString(channel),
                    MarkdownText.yamlString(in.channelUrl()));

            return new RetroModel(
                    VERSION,
                    incident.key().toString(),
                    incident.number(),
                    MarkdownText.singleLine(MarkdownText.inlineFromSlack(incident.title(), format.userLabel())),
                    titleText,
                    incident.severity().label(),
                    incident.status().code(),
                    incident.isPrivate(),
                    channel,
                    MarkdownText.safeUrl(in.channelUrl()),
                    commander,
                    dri,
                    format.block(incident.summary()),
                    format.block(incident.impact()),
                    format.block(incident.rootCause()),
                    RetroAnalysis.notes(in.notes(), RetroNote.Section.CHAIN, format),
                    List.copyOf(findings),
                    RetroAnalysis.notes(in.notes(), RetroNote.Section.FACTOR, format),
                    format.block(incident.contributingFactors()),
                    RetroAnalysis.learnings(in.notes(), format),
                    zone.getId(),
                    RetroFormat.iso(asOf),
                    keyTimes.keyTimes(),
                    keyTimes.intervals(),
                    List.copyOf(entries),
                    List.copyOf(mitigations),
                    RetroActions.build(in.actionItems(), today, format),
                    responders(),
                    frontMatter,
                    List.copyOf(days),
                    incident.key() + " key moments, times in " + zone.getId(),
                    mermaid(keyTimes, rootCauseMoments));
        }

        private Entry entry(TimelineEntry e, ZonedDateTime local) {
            String time = format.time(local);
            return new Entry(
                    e.id(),
                    e.kind().code(),
                    e.kind().label(),
                    e.source().code(),
                    RetroFormat.iso(e.occurredAt()),
                    local.toLocalDate().toString(),
                    time,
                    format.when(local, time),
                    format.person(e.authorId()),
                    format.cell(e.text()),
                    format.plain(e.text()),
                    e.isThreadReply(),
                    MarkdownText.safeUrl(e.permalink()));
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
                out.add(new Responder(format.person(p.userId()), RetroFormat.iso(p.joinedAt()),
                        format.when(p.joinedAt()), String.join(", ", roles)));
            }
            return List.copyOf(out);
        }

        private List<MermaidPoint> mermaid(RetroKeyTimes k, List<TimelineEntry> rootCauses) {
            List<Point> points = new ArrayList<>();
            addPoint(points, k.started(), "Started");
            addPoint(points, k.detected(), "Detected");
            addPoint(points, k.declared(), "Declared");
            addPoint(points, k.mitigated(), "Mitigated");
            addPoint(points, k.resolved(), "Resolved");
            for (TimelineEntry e : rootCauses) {
                String text = format.plain(e.text());
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

        private static void addPoint(List<Point> points, RetroKeyTimes.Moment m, String event) {
            if (m.at() != null) {
                points.add(new Point(m.at(), points.size(), event));
            }
        }
    }

    private record Point(Instant at, int order, String event) {
    }
}
