package dev.incidenttimeline.bot.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.bot.actions.OwnerAcceptance;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.bot.slack.SlackProfiles;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.RetroExport;
import dev.incidenttimeline.store.ActionItemChanges;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.EffectRepository;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.RetroExportRepository;
import dev.incidenttimeline.store.QueuedWork;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TicketRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outbox effects of the ticket sync. A change of an item ({@link ActionItemChanges}) fans
 * out, in one short transaction and with no call, into what it needs: the DM that asks a new
 * owner to accept, and the tracker calls (create, update), ordered per item. The tracker calls
 * run with no transaction open; what they learn is stored in another, short one.
 *
 * <p>Exactly one ticket per item: its creation is queued once (dedupe key {@code
 * ticket-create:INC#n}), and any try that may follow an earlier one (a retry, a worker that
 * died, the hourly check) first looks for the ticket by the item's own label {@code INC-12#3}.
 */
public final class TicketSync {
    private static final Logger log = LoggerFactory.getLogger(TicketSync.class);
    static final ObjectMapper JSON = new ObjectMapper();
    public static final String CREATE = "ticket_create";
    public static final String UPDATE = "ticket_update";
    public static final String REFRESH = "ticket_refresh";

    private final Settings settings;
    private final Optional<TrackerClient> tracker;
    private final SlackGateway slack;
    private final Clock clock;
    private final TicketInbound inbound;

    public TicketSync(Settings settings, Optional<TrackerClient> tracker, SlackGateway slack, Clock clock) {
        this.settings = settings;
        this.tracker = tracker;
        this.slack = slack;
        this.clock = clock;
        this.inbound = new TicketInbound(clock);
    }

    /** The effect kinds this class performs, by kind. */
    public Map<String, WorkProcessor> effectHandlers() {
        return Map.of(ActionItemChanges.KIND, this::fanOut, CREATE, this::create, UPDATE, this::update,
                REFRESH, this::refresh);
    }

    public Optional<TrackerClient> tracker() {
        return tracker;
    }

    // ------------------------------------------------------------------ fan-out (no call)

    private void fanOut(Handle handle, QueuedWork work) throws Exception {
        JsonNode p = JSON.readTree(work.payload());
        String team = work.teamId();
        long inc = p.path("incident").asLong();
        int number = p.path("number").asInt();
        String change = p.path("change").asText();
        String source = p.path("source").asText("slack");
        handle.useTransaction(h -> {
            Optional<ActionItem> found = AttachedRepositories.of(h, ActionItemRepository.class).find(team, inc, number);
            Optional<Incident> incident = AttachedRepositories.of(h, IncidentRepository.class).find(team, inc);
            if (found.isEmpty() || incident.isEmpty()) {
                return;
            }
            ActionItem item = found.get();
            Outbox outbox = new Outbox(h, team);
            // An item imported from an old export is not news to its owner: only recent ones ask.
            boolean recent = !"created".equals(change)
                    || !item.createdAt().isBefore(clock.instant().minus(java.time.Duration.ofDays(7)));
            if (("created".equals(change) || "owner".equals(change)) && item.isOpen() && item.ownerId() != null
                    && recent && AttachedRepositories.of(h, ActionItemRepository.class).findAcceptedAt(team, inc, number).isEmpty()) {
                OwnerAcceptance.queueRequest(outbox, incident.get(), item, settings.zone(), work.key());
            }
            if (tracker.isEmpty() || tracker.get().code().equals(source)) {
                return; // no tracker, or the tracker told us: nothing to tell it
            }
            String itemKey = inc + "#" + number;
            EffectRepository effects = AttachedRepositories.of(h, EffectRepository.class);
            if ("created".equals(change)) {
                effects.enqueue(team, "ticket-create:" + itemKey, CREATE, payload(itemKey, inc, number, false),
                        "ticket:" + itemKey, false);
            } else {
                effects.enqueue(team, "ticket-update:" + itemKey + ":" + work.key(), UPDATE,
                        payload(itemKey, inc, number, false), "ticket:" + itemKey, false);
            }
        });
    }

    static String payload(String itemKey, long inc, int number, boolean search) {
        return JSON.createObjectNode().put("item", itemKey).put("incident", inc).put("number", number)
                .put("search", search).toString();
    }

    // ------------------------------------------------------------------ create

    private void create(Handle h, QueuedWork work) throws Exception {
        if (tracker.isEmpty()) {
            return;
        }
        TrackerClient client = tracker.get();
        JsonNode p = JSON.readTree(work.payload());
        String team = work.teamId();
        long inc = p.path("incident").asLong();
        int number = p.path("number").asInt();
        Optional<ActionItem> found = AttachedRepositories.of(h, ActionItemRepository.class).find(team, inc, number);
        Optional<Incident> incident = AttachedRepositories.of(h, IncidentRepository.class).find(team, inc);
        if (found.isEmpty() || incident.isEmpty()
                || AttachedRepositories.of(h, TicketRepository.class).find(team, inc, number).isPresent()
                || AttachedRepositories.of(h, TicketRepository.class).optedOut(team, inc, number)) {
            return; // gone, linked by hand meanwhile, or unlinked on purpose
        }
        ActionItem item = found.get();
        RetroExport retro = AttachedRepositories.of(h, RetroExportRepository.class).latestFor(team, new long[] {inc}).get(inc);
        TicketDraft draft = TicketDrafts.draft(incident.get(), item,
                AttachedRepositories.of(h, TicketRepository.class).findSourceMessageTs(team, inc, number).orElse(null), retro,
                settings.redactor());
        boolean mayExist = p.path("search").asBoolean() || work.attempts() > 0 || work.claims() > 1;
        Optional<RemoteTicket> earlier = mayExist ? client.findByLabel(draft.itemLabel()) : Optional.empty();
        String email = ownerEmail(h, team, item.ownerId());
        Optional<String> assignee = Optional.empty();
        RemoteTicket ticket;
        if (earlier.isPresent()) {
            log.info("{} #{} of INC-{}: found its ticket {} from an earlier try; not creating another",
                    client.code(), number, inc, earlier.get().key());
            ticket = earlier.get();
        } else {
            assignee = email == null ? Optional.empty() : client.findAssignee(email);
            ticket = client.create(draft, assignee.orElse(null));
        }
        if (!item.isOpen() && !ticket.closed()) {
            client.setClosed(ticket.id(), true, item.status() == ActionStatus.DROPPED);
            ticket = new RemoteTicket(ticket.id(), ticket.key(), ticket.url(), true, ticket.statusName(),
                    ticket.assignee(), ticket.due());
        }
        RemoteTicket t = ticket;
        boolean unassigned = earlier.isEmpty() && item.ownerId() != null && assignee.isEmpty();
        String why = item.ownerId() == null ? null : email == null ? "no email is known for "
                + SlackText.mention(item.ownerId()) : "no " + trackerName(client) + " user has " + email;
        h.useTransaction(tx -> {
            Instant now = clock.instant();
            AttachedRepositories.of(tx, TicketRepository.class).save(team, inc, number, client.code(), t.id(), t.key(), t.url(),
                    t.closed(), t.statusName(), t.assignee(), t.due(), null, now);
            AttachedRepositories.of(tx, ActionItemRepository.class).setTicketUrl(team, inc, number, t.url(), false);
            Incident i = incident.get();
            if (i.channelId() != null) {
                String text = ":ticket: Action item *#" + number + "* is " + trackerName(client) + " <" + t.url()
                        + "|" + SlackText.escape(t.key()) + ">" + (unassigned ? " (unassigned: " + why + ")" : "")
                        + ".";
                new Outbox(tx, team).postMessage("ticket-created:" + inc + "#" + number, i.channelId(), text, null,
                        null);
            }
        });
    }

    static String trackerName(TrackerClient c) {
        return switch (c.code()) {
            case "jira" -> "Jira";
            case "github" -> "GitHub";
            default -> "Linear";
        };
    }

    /**
     * The owner's Slack email, read from the stored profile, or asked of Slack
     * ({@code users.info}, which needs {@code users:read.email}) when none is stored.
     */
    private String ownerEmail(Handle h, String team, String ownerId) {
        if (ownerId == null) {
            return null;
        }
        SlackUserRepository users = AttachedRepositories.of(h, SlackUserRepository.class);
        Optional<String> stored = users.find(team, ownerId).map(u -> u.email()).filter(Objects::nonNull);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            var u = slack.call("users.info", c -> c.usersInfo(r -> r.user(ownerId))).getUser();
            if (u == null) {
                return null;
            }
            users.upsert(SlackProfiles.fromUser(team, u));
            return u.getProfile() == null ? null : u.getProfile().getEmail();
        } catch (SlackCallException e) {
            if (e.retryable()) {
                throw e;
            }
            log.info("users.info {}: {}; the ticket stays unassigned", ownerId, e.error());
            return null;
        }
    }

    // ------------------------------------------------------------------ ours to the tracker

    /** Sends the item's owner, due date and state to its ticket, where the ticket holds something else. */
    private void update(Handle h, QueuedWork work) throws Exception {
        if (tracker.isEmpty()) {
            return;
        }
        TrackerClient client = tracker.get();
        JsonNode p = JSON.readTree(work.payload());
        String team = work.teamId();
        long inc = p.path("incident").asLong();
        int number = p.path("number").asInt();
        Optional<ActionItem> found = AttachedRepositories.of(h, ActionItemRepository.class).find(team, inc, number);
        Optional<ActionTicket> ticket = AttachedRepositories.of(h, TicketRepository.class).find(team, inc, number);
        if (found.isEmpty() || ticket.isEmpty() || !ticket.get().tracker().equals(client.code())) {
            return; // no ticket (yet): its creation sends the item as it is then
        }
        ActionItem item = found.get();
        ActionTicket t = ticket.get();
        String assignee = t.syncedAssignee();
        String email = ownerEmail(h, team, item.ownerId());
        if (email != null) {
            Optional<String> wanted = client.findAssignee(email);
            if (wanted.isPresent() && !wanted.get().equals(t.syncedAssignee())) {
                client.setAssignee(t.ticketId(), wanted.get());
                assignee = wanted.get();
            }
        }
        if (!Objects.equals(item.dueDate(), t.syncedDue())) {
            client.setDue(t.ticketId(), item.dueDate());
        }
        boolean closed = !item.isOpen();
        if (closed != t.closed()) {
            client.setClosed(t.ticketId(), closed, item.status() == ActionStatus.DROPPED);
        }
        String a = assignee;
        String statusName = closed == t.closed() ? t.statusName() : closed ? "closed" : "open";
        h.useTransaction(tx -> AttachedRepositories.of(tx, TicketRepository.class).recordSynced(team, inc, number, t.ticketId(),
                closed, statusName, a, item.dueDate(), clock.instant()));
    }

    // ------------------------------------------------------------------ the tracker's to ours

    /** Reads a ticket (after a link, or in the hourly check) and copies its changes to the item. */
    private void refresh(Handle h, QueuedWork work) throws Exception {
        if (tracker.isEmpty()) {
            return;
        }
        JsonNode p = JSON.readTree(work.payload());
        String team = work.teamId();
        long inc = p.path("incident").asLong();
        int number = p.path("number").asInt();
        Optional<ActionTicket> ticket = AttachedRepositories.of(h, TicketRepository.class).find(team, inc, number);
        if (ticket.isEmpty() || !ticket.get().tracker().equals(tracker.get().code())) {
            return;
        }
        RemoteTicket remote = tracker.get().fetch(ticket.get().ticketId());
        if (p.path("record_only").asBoolean()) {
            // Just linked: what the ticket holds now is where later changes are counted from.
            h.useTransaction(tx -> AttachedRepositories.of(tx, TicketRepository.class).recordSynced(team, inc, number, remote.id(),
                    remote.closed(), remote.statusName(), remote.assignee(), remote.due(), clock.instant()));
            return;
        }
        String ownerHint = reverseOwner(h, team, ticket.get(), remote);
        h.useTransaction(tx -> inbound.apply(tx, team, ticket.get(), remote, tracker.get().code(), ownerHint));
    }

    /**
     * The Slack user a ticket's new assignee is, when the tracker's assignee changed and we can
     * tell: by the same email. Makes tracker calls; null when unknown.
     */
    String reverseOwner(Handle h, String team, ActionTicket t, RemoteTicket remote) {
        if (remote.assignee() == null || remote.assignee().equals(t.syncedAssignee())) {
            return null;
        }
        List<String> emails = new ArrayList<>();
        if ("github".equals(t.tracker())) {
            settings.tickets().userMap().forEach((email, login) -> {
                if (login.equalsIgnoreCase(remote.assignee())) {
                    emails.add(email);
                }
            });
        }
        for (String email : emails) {
            Optional<String> user = AttachedRepositories.of(h, TicketRepository.class).findSlackUserByEmail(team, email);
            if (user.isPresent()) {
                return user.get();
            }
        }
        // Jira and Linear: the assignee is found by asking who has the owners' emails we know.
        for (String row : AttachedRepositories.of(h, TicketRepository.class).listKnownEmails(team, t.incidentNumber())) {
            String[] candidate = row.split("\t", 2);
            Optional<String> theirs = tracker.get().findAssignee(candidate[1]);
            if (theirs.isPresent() && theirs.get().equals(remote.assignee())) {
                return candidate[0];
            }
        }
        return null;
    }

    /** Runs inbound changes told by a webhook (already verified), in one transaction. */
    public void applyWebhook(Handle h, String team, ActionTicket t, RemoteTicket remote) {
        String ownerHint = reverseOwner(h, team, t, remote);
        h.useTransaction(tx -> inbound.apply(tx, team, t, remote, t.tracker(), ownerHint));
    }
}
