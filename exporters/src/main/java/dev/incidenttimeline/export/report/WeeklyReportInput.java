package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.RetroExport;
import dev.incidenttimeline.domain.SlackUser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Everything the weekly incident-review report of one ISO week needs, as read from the store.
 *
 * <p>Shaped so that a handful of range queries fills it, never one query per incident. The
 * report looks back over {@link #firstWeek()}…{@code week}: the trailing window of the
 * bulletin ({@code trailingWeeks}) or the {@value #TREND_WEEKS} weeks of the trend, whichever
 * is longer.
 * <ol>
 *   <li>{@link #incidents}: every incident declared in {@code [firstWeek.start, week.end)};</li>
 *   <li>{@link #openFromEarlierWeeks}: open incidents declared before {@code firstWeek};</li>
 *   <li>{@link #actionItems}: every open item, the items closed during {@code week}, the items due
 *       during the trend weeks and the items of incidents resolved in them (duplicates allowed);</li>
 *   <li>{@link #otherIncidents}: further incidents by number: those of the action items and those
 *       resolved in the trend weeks though declared before them;</li>
 *   <li>{@link #retros}: where each incident's retro was exported, by incident number;</li>
 *   <li>{@link #users}: the profiles of the people named, by Slack id.</li>
 * </ol>
 * The model does all filtering and grouping; the record only checks that the lists agree
 * with the week, so a store bug shows up as a clear error rather than a wrong report.
 *
 * @param week the ISO week under review
 * @param trailingWeeks how many weeks, ending with {@code week}, the bulletin and the chart cover (1 to 8)
 * @param zone the zone in which weeks, days and times are read and shown
 * @param generatedAt when the report is made: the "now" for ongoing durations and overdue days
 * @param incidents incidents declared from the start of {@link #firstWeek()} to the end of {@code week}
 * @param openFromEarlierWeeks incidents still open that were declared before {@link #firstWeek()}
 * @param actionItems the action items described above; the same item may appear twice
 * @param otherIncidents further incidents, by number (the action items' and those resolved in the trend weeks)
 * @param retros where each incident's retro was exported, by incident number; missing when never
 * @param notAccepted action items whose owner has not accepted them yet, as {@code "41#2"}
 *     (incident number and item number); empty while owners do not accept items
 * @param users workspace members by Slack id; an unknown id is shown as the id
 * @param showPrivate {@code false} when the report is posted anywhere but a private incident's own
 *     channel: private incidents are then counted, but their key, title, channel and action-item
 *     texts are left out
 */
public record WeeklyReportInput(
        IsoWeek week,
        int trailingWeeks,
        ZoneId zone,
        Instant generatedAt,
        List<Incident> incidents,
        List<Incident> openFromEarlierWeeks,
        List<ActionItem> actionItems,
        Map<Long, Incident> otherIncidents,
        Map<Long, RetroExport> retros,
        Set<String> notAccepted,
        Map<String, SlackUser> users,
        boolean showPrivate) {

    /** The trend covers this many ISO weeks, ending with the report week. */
    public static final int TREND_WEEKS = 8;
    /** The longest trailing window the bulletin can cover. */
    public static final int MAX_TRAILING_WEEKS = 8;
    public static final int DEFAULT_TRAILING_WEEKS = 2;

    private static final Comparator<Incident> BY_DECLARATION =
            Comparator.comparing(Incident::declaredAt).thenComparingLong(Incident::number);
    private static final Comparator<ActionItem> BY_ITEM =
            Comparator.comparingLong(ActionItem::incidentNumber).thenComparingInt(ActionItem::number);

    public WeeklyReportInput {
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(generatedAt, "generatedAt");
        if (trailingWeeks < 1 || trailingWeeks > MAX_TRAILING_WEEKS) {
            throw new IllegalArgumentException("the trailing window is 1 to " + MAX_TRAILING_WEEKS
                    + " weeks, not " + trailingWeeks);
        }
        incidents = sorted(incidents, "incidents");
        openFromEarlierWeeks = sorted(openFromEarlierWeeks, "openFromEarlierWeeks");
        actionItems = distinct(Objects.requireNonNull(actionItems, "actionItems"));
        otherIncidents = index(incidents, openFromEarlierWeeks, Objects.requireNonNull(otherIncidents,
                "otherIncidents"));
        retros = Map.copyOf(Objects.requireNonNull(retros, "retros"));
        notAccepted = Set.copyOf(Objects.requireNonNull(notAccepted, "notAccepted"));
        users = Map.copyOf(Objects.requireNonNull(users, "users"));

        IsoWeek first = firstWeek(week, trailingWeeks);
        Instant from = first.start(zone);
        Instant end = week.end(zone);
        for (Incident i : incidents) {
            if (i.declaredAt().isBefore(from) || !i.declaredAt().isBefore(end)) {
                throw new IllegalArgumentException(i.key() + " is in incidents but was declared at "
                        + i.declaredAt() + ", outside " + first + " to " + week + " in " + zone);
            }
        }
        for (Incident i : openFromEarlierWeeks) {
            if (!i.isOpen() || !i.declaredAt().isBefore(from)) {
                throw new IllegalArgumentException(i.key() + " is in openFromEarlierWeeks but is "
                        + (i.isOpen() ? "declared on or after the start of " + first : "resolved"));
            }
        }
        for (ActionItem a : actionItems) {
            if (!otherIncidents.containsKey(a.incidentNumber())) {
                throw new IllegalArgumentException("action item #" + a.number() + " belongs to INC-"
                        + a.incidentNumber() + ", which is missing from otherIncidents");
            }
        }
    }

    /** The earliest week the report reads: the start of the trend or of the trailing window. */
    public IsoWeek firstWeek() {
        return firstWeek(week, trailingWeeks);
    }

    /** The first week of the bulletin's trailing window. */
    public IsoWeek windowStart() {
        return back(week, trailingWeeks - 1);
    }

    /** The first week of the trend. */
    public IsoWeek trendStart() {
        return back(week, TREND_WEEKS - 1);
    }

    public static IsoWeek firstWeek(IsoWeek week, int trailingWeeks) {
        return back(week, Math.max(trailingWeeks, TREND_WEEKS) - 1);
    }

    static IsoWeek back(IsoWeek w, int weeks) {
        IsoWeek result = w;
        for (int i = 0; i < weeks; i++) {
            result = result.previous();
        }
        return result;
    }

    /** The incident with this number, from any of the lists or {@link #otherIncidents}. */
    public Optional<Incident> incident(long number) {
        return Optional.ofNullable(otherIncidents.get(number));
    }

    /** Every incident the input knows, each once, by declaration. */
    public List<Incident> allIncidents() {
        List<Incident> all = new ArrayList<>(otherIncidents.values());
        all.sort(BY_DECLARATION);
        return all;
    }

    /** The calendar date of {@link #generatedAt} in {@link #zone}: overdue days count from it. */
    public LocalDate today() {
        return LocalDate.ofInstant(generatedAt, zone);
    }

    /** Whether an item's owner has yet to accept it. */
    public boolean isNotAccepted(ActionItem a) {
        return notAccepted.contains(a.incidentNumber() + "#" + a.number());
    }

    /**
     * Every incident of the report by number, so that finding an item's incident is one
     * lookup (reports can hold tens of thousands of incidents). After construction,
     * {@code otherIncidents} holds the incidents of the two lists too.
     */
    private static Map<Long, Incident> index(List<Incident> a, List<Incident> b, Map<Long, Incident> given) {
        Map<Long, Incident> all = new HashMap<>(given);
        for (List<Incident> list : List.of(a, b)) {
            for (Incident i : list) {
                all.put(i.number(), i);
            }
        }
        return Map.copyOf(all);
    }

    private static List<Incident> sorted(List<Incident> list, String field) {
        Map<Long, Incident> byNumber = new LinkedHashMap<>();
        for (Incident i : Objects.requireNonNull(list, field)) {
            byNumber.putIfAbsent(i.number(), i);
        }
        List<Incident> copy = new ArrayList<>(byNumber.values());
        copy.sort(BY_DECLARATION);
        return List.copyOf(copy);
    }

    /** One entry per (incident, number); the store may return an item from several of its queries. */
    private static List<ActionItem> distinct(List<ActionItem> items) {
        Map<String, ActionItem> byKey = new LinkedHashMap<>();
        for (ActionItem a : items) {
            byKey.putIfAbsent(a.incidentNumber() + "#" + a.number(), a);
        }
        List<ActionItem> copy = new ArrayList<>(byKey.values());
        copy.sort(BY_ITEM);
        return List.copyOf(copy);
    }
}
