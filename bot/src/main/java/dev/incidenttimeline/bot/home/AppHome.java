package dev.incidenttimeline.bot.home;

import dev.incidenttimeline.bot.actions.ActionItemRows;
import static dev.incidenttimeline.bot.slack.SlackText.mention;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.bot.visibility.IncidentViewer;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.export.text.DurationText;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The bot's App Home tab: the open incidents (severity, status, age, channel) and the
 * viewer's own open action items, overdue ones first, each with its "Mark done" button.
 * Private incidents are listed only for the people involved in them.
 */
public final class AppHome {
    static final int MAX_INCIDENTS = 20;
    static final int MAX_ITEMS = 30;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Clock clock;
    private final ZoneId zone;

    public AppHome(Clock clock, ZoneId zone) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** Reads what {@code userId} should see and queues {@code views.publish}, in the caller's transaction. */
    public void publish(org.jdbi.v3.core.Handle h, String teamId, String userId, String dedupeKey) {
        IncidentViewer viewer = VisibilityPolicy.viewer(h, teamId, userId);
        IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
        List<Incident> open = incidents.listOpen(teamId);
        List<ActionItem> mine = AttachedRepositories.of(h, ActionItemRepository.class).listOpenForOwner(teamId, userId);
        Map<Long, Incident> byNumber = new HashMap<>();
        open.forEach(i -> byNumber.put(i.number(), i));
        long[] missing = mine.stream().mapToLong(ActionItem::incidentNumber).filter(n -> !byNumber.containsKey(n))
                .distinct().toArray();
        if (missing.length > 0) {
            incidents.listByNumbers(teamId, missing).forEach(i -> byNumber.put(i.number(), i));
        }
        // Tickets of the items, and the items nobody accepted within two working days (anyone's).
        Instant lateBefore = dev.incidenttimeline.bot.actions.OwnerAcceptance.workingDaysBefore(clock.instant(),
                dev.incidenttimeline.bot.actions.OwnerAcceptance.ACCEPT_WITHIN_WORKING_DAYS, zone);
        List<ActionItem> late = AttachedRepositories.of(h, ActionItemRepository.class).listNotAccepted(teamId, null, lateBefore);
        long[] lateMissing = late.stream().mapToLong(ActionItem::incidentNumber)
                .filter(n -> !byNumber.containsKey(n)).distinct().toArray();
        if (lateMissing.length > 0) {
            incidents.listByNumbers(teamId, lateMissing).forEach(i -> byNumber.put(i.number(), i));
        }
        long[] withItems = java.util.stream.LongStream.concat(mine.stream().mapToLong(ActionItem::incidentNumber),
                late.stream().mapToLong(ActionItem::incidentNumber)).distinct().toArray();
        Map<String, dev.incidenttimeline.domain.ActionTicket> tickets = new HashMap<>();
        if (withItems.length > 0) {
            AttachedRepositories.of(h, dev.incidenttimeline.store.TicketRepository.class).listForIncidents(teamId, withItems)
                    .forEach(t -> tickets.put(t.incidentNumber() + "#" + t.number(), t));
        }
        new Outbox(h, teamId).publishHome(dedupeKey, userId, render(viewer, open, mine, byNumber, tickets, late));
    }

    /** {@link #render(IncidentViewer, List, List, Map, Map, List)} with no tickets and nothing late. */
    public String render(IncidentViewer viewer, List<Incident> open, List<ActionItem> mine,
            Map<Long, Incident> incidentsByNumber) {
        return render(viewer, open, mine, incidentsByNumber, Map.of(), List.of());
    }

    /** The home view JSON. Pure: the same data and clock give the same view. */
    public String render(IncidentViewer viewer, List<Incident> open, List<ActionItem> mine,
            Map<Long, Incident> incidentsByNumber, Map<String, dev.incidenttimeline.domain.ActionTicket> tickets,
            List<ActionItem> notAccepted) {
        java.util.Set<String> late = new java.util.HashSet<>();
        notAccepted.forEach(a -> late.add(a.incidentNumber() + "#" + a.number()));
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, zone);
        List<ObjectNode> blocks = new ArrayList<>();

        List<Incident> visible = open.stream().filter(viewer::canSee).toList();
        int hidden = open.size() - visible.size();
        blocks.add(BlockKit.header("Open incidents (" + open.size() + ")"));
        if (open.isEmpty()) {
            blocks.add(BlockKit.section("No open incidents. :tada: Declare one with `/incident declare <title>`."));
        }
        visible.stream().limit(MAX_INCIDENTS).forEach(i -> blocks.add(BlockKit.section(incidentRow(i, now))));
        if (visible.size() > MAX_INCIDENTS) {
            blocks.add(BlockKit.context("…and " + (visible.size() - MAX_INCIDENTS) + " more: `/incident list`"));
        }
        if (hidden > 0) {
            blocks.add(BlockKit.context(":lock: " + hidden + " private incident" + (hidden == 1 ? "" : "s")
                    + " you are not part of"));
        }

        blocks.add(BlockKit.divider());
        List<ActionItem> items = new ArrayList<>(mine);
        items.sort(Comparator.comparing((ActionItem a) -> !a.isOverdue(today))
                .thenComparing(ActionItem::dueDate, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingLong(ActionItem::incidentNumber).thenComparingInt(ActionItem::number));
        long overdue = items.stream().filter(a -> a.isOverdue(today)).count();
        blocks.add(BlockKit.header("Your action items (" + items.size() + " open"
                + (overdue > 0 ? ", " + overdue + " overdue" : "") + ")"));
        if (items.isEmpty()) {
            blocks.add(BlockKit.section("You have no open action items."));
        }
        items.stream().limit(MAX_ITEMS).forEach(a -> blocks.add(BlockKit.section(ActionItemRows.actionItemRow(a,
                incidentsByNumber.get(a.incidentNumber()), today, tickets.get(a.incidentNumber() + "#" + a.number()),
                late.contains(a.incidentNumber() + "#" + a.number())),
                BlockKit.button("Mark done", ActionItemRows.ACTION_DONE, ActionItemRows.buttonValue(a), null))));
        if (items.size() > MAX_ITEMS) {
            blocks.add(BlockKit.context("…and " + (items.size() - MAX_ITEMS) + " more"));
        }
        List<ActionItem> lateVisible = notAccepted.stream().filter(a -> {
            Incident i = incidentsByNumber.get(a.incidentNumber());
            return i != null && viewer.canSee(i);
        }).toList();
        if (!lateVisible.isEmpty()) {
            blocks.add(BlockKit.divider());
            blocks.add(BlockKit.header("Not accepted (" + lateVisible.size() + ")"));
            lateVisible.stream().limit(MAX_ITEMS).forEach(a -> blocks.add(BlockKit.section(
                    ActionItemRows.actionItemRow(a, incidentsByNumber.get(a.incidentNumber()), today,
                            tickets.get(a.incidentNumber() + "#" + a.number()), true) + " · owner "
                            + mention(a.ownerId()))));
            blocks.add(BlockKit.context("Not accepted by their owner within "
                    + dev.incidenttimeline.bot.actions.OwnerAcceptance.ACCEPT_WITHIN_WORKING_DAYS + " working days"));
        }
        blocks.add(BlockKit.context("Times in " + zone.getId() + ". `/incident help` lists every command."));

        ObjectNode view = JSON.createObjectNode().put("type", "home");
        view.set("blocks", BlockKit.array(blocks));
        return view.toString();
    }

    private static String incidentRow(Incident i, Instant now) {
        return "*" + i.key() + "* · " + severityEmoji(i) + " " + i.severity().label() + " · " + i.status().code()
                + (i.isPrivate() ? " · :lock:" : "") + "\n" + SlackText.shorten(SlackText.oneLine(i.title()), 200)
                + "\n" + (i.channelId() == null ? "_channel being created_" : SlackText.channel(i.channelId()))
                + " · open " + DurationText.format(i.duration(now))
                + (i.commanderId() == null ? "" : " · IC " + mention(i.commanderId()));
    }

    private static String severityEmoji(Incident i) {
        return switch (i.severity()) {
            case SEV1 -> ":red_circle:";
            case SEV2 -> ":large_orange_circle:";
            case SEV3 -> ":large_yellow_circle:";
            case SEV4 -> ":white_circle:";
        };
    }
}
