package dev.incidenttimeline.export.report;

import dev.incidenttimeline.domain.IsoWeek;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SlackUser;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the weekly incident-review report of one ISO week needs, as read from the store.
 *
 * <p>Shaped so that a handful of range queries fills it, never one query per incident
 * ({@code start}/{@code end} are {@link IsoWeek#start}/{@link IsoWeek#end} in {@code zone}):
 * <ol>
 *   <li>incidents declared in {@code [week.previous().start, week.end)}, split by declaration
 *       time into {@link #incidents} and {@link #previousWeekIncidents};</li>
 *   <li>open incidents declared before {@code week.start}: {@link #openFromEarlierWeeks};</li>
 *   <li>action items that belong to an incident of the week, or were closed in the week, or are
 *       open and due before the end of the next week (that covers both "due next week" and
 *       "overdue"): {@link #actionItems}, duplicates allowed;</li>
 *   <li>the incidents those action items belong to, by number (one {@code = ANY(:numbers)}
 *       query; incidents already in the lists above may be left out): {@link #actionItemIncidents};</li>
 *   <li>the profiles of the people named (DRIs, owners): {@link #users}, by Slack id.</li>
 * </ol>
 * The renderer does all filtering and grouping; the record only checks that the lists agree
 * with the week, so a store bug shows up as a clear error rather than a wrong report.
 *
 * @param week the ISO week under review
 * @param zone the zone in which weeks, days and times are read and shown
 * @param generatedAt when the report is made: the "now" for ongoing durations and overdue days
 * @param incidents incidents declared in {@code week}
 * @param previousWeekIncidents incidents declared in {@code week.previous()} (for the MTTR change and the chart)
 * @param openFromEarlierWeeks incidents still open that were declared before {@code week}
 * @param actionItems the action items described above; the same item may appear twice
 * @param actionItemIncidents the incidents of the action items, by incident number
 * @param users workspace members by Slack id; an unknown id is shown as the id
 * @param showPrivate {@code false} when the report is posted anywhere but a private incident's own
 *     channel: private incidents are then counted, but their key, title, channel and action-item
 *     texts are left out
 */
public record WeeklyReportInput(
        IsoWeek week,
        ZoneId zone,
        Instant generatedAt,
        List<Incident> incidents,
        List<Incident> previousWeekIncidents,
        List<Incident> openFromEarlierWeeks,
        List<ActionItem> actionItems,
        Map<Long, Incident> actionItemIncidents,
        Map<String, SlackUser> users,
        boolean showPrivate) {

    private static final Comparator<Incident> BY_DECLARATION =
            Comparator.comparing(Incident::declaredAt).thenComparingLong(Incident::number);
    private static final Comparator<ActionItem> BY_ITEM =
            Comparator.comparingLong(ActionItem::incidentNumber).thenComparingInt(ActionItem::number);

    public WeeklyReportInput {
        Objects.requireNonNull(week, "week");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(generatedAt, "generatedAt");
        incidents = sorted(incidents, "incidents");
        previousWeekIncidents = sorted(previousWeekIncidents, "previousWeekIncidents");
        openFromEarlierWeeks = sorted(openFromEarlierWeeks, "openFromEarlierWeeks");
        actionItems = distinct(Objects.requireNonNull(actionItems, "actionItems"));
        actionItemIncidents = index(incidents, previousWeekIncidents, openFromEarlierWeeks,
                Objects.requireNonNull(actionItemIncidents, "actionItemIncidents"));
        users = Map.copyOf(Objects.requireNonNull(users, "users"));

        for (Incident i : incidents) {
            requireDeclaredIn(i, week, zone, "incidents");
        }
        for (Incident i : previousWeekIncidents) {
            requireDeclaredIn(i, week.previous(), zone, "previousWeekIncidents");
        }
        Instant weekStart = week.start(zone);
        for (Incident i : openFromEarlierWeeks) {
            if (!i.isOpen() || !i.declaredAt().isBefore(weekStart)) {
                throw new IllegalArgumentException(i.key() + " is in openFromEarlierWeeks but is "
                        + (i.isOpen() ? "declared on or after the start of " + week : "resolved"));
            }
        }
        for (ActionItem a : actionItems) {
            if (!actionItemIncidents.containsKey(a.incidentNumber())) {
                throw new IllegalArgumentException("action item #" + a.number() + " belongs to INC-"
                        + a.incidentNumber() + ", which is missing from actionItemIncidents");
            }
        }
    }

    /** The incident with this number, from any of the lists or {@link #actionItemIncidents}. */
    public Optional<Incident> incident(long number) {
        return Optional.ofNullable(actionItemIncidents.get(number));
    }

    /** The calendar date of {@link #generatedAt} in {@link #zone}: overdue days count from it. */
    public LocalDate today() {
        return LocalDate.ofInstant(generatedAt, zone);
    }

    /**
     * Every incident of the report by number, so that finding an item's incident is one
     * lookup (reports can hold tens of thousands of incidents). After construction,
     * {@code actionItemIncidents} holds the incidents of the three lists too.
     */
    private static Map<Long, Incident> index(List<Incident> a, List<Incident> b, List<Incident> c,
            Map<Long, Incident> given) {
        Map<Long, Incident> all = new java.util.HashMap<>(given);
        for (List<Incident> list : List.of(a, b, c)) {
            for (Incident i : list) {
                all.put(i.number(), i);
            }
        }
        return Map.copyOf(all);
    }

    private static void requireDeclaredIn(Incident i, IsoWeek w, ZoneId zone, String field) {
        if (!w.contains(i.declaredAt(), zone)) {
            throw new IllegalArgumentException(i.key() + " is in " + field + " but was declared at "
                    + i.declaredAt() + ", outside " + w + " in " + zone);
        }
    }

    private static List<Incident> sorted(List<Incident> list, String field) {
        List<Incident> copy = new ArrayList<>(Objects.requireNonNull(list, field));
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
