package dev.incidenttimeline.bot.tickets;

import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.TicketRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The tracker's changes copied to the item, in the caller's transaction: a ticket closed
 * closes the item, reopened reopens it, a new due date or assignee is copied over; each change
 * is a timeline entry of the incident. What differs from what the ticket last held is a change;
 * so a webhook told twice, or an echo of our own change, changes nothing.
 */
final class TicketInbound {
    private final Clock clock;

    TicketInbound(Clock clock) {
        this.clock = clock;
    }

    /** @param newOwner the Slack user the ticket's new assignee is, or null when unknown or unchanged */
    void apply(Handle h, String team, ActionTicket t, RemoteTicket remote, String source, String newOwner) {
        ActionItemRepository items = AttachedRepositories.of(h, ActionItemRepository.class);
        Optional<ActionItem> found = items.find(team, t.incidentNumber(), t.number());
        if (found.isEmpty()) {
            return;
        }
        ActionItem item = found.get();
        long inc = t.incidentNumber();
        int n = t.number();
        Instant now = clock.instant();
        String name = switch (source) {
            case "jira" -> "Jira";
            case "github" -> "GitHub";
            default -> "Linear";
        };
        String where = t.ticketKey() + " in " + name;
        if (remote.closed() && !t.closed() && item.isOpen()) {
            items.close(team, inc, n, ActionStatus.DONE, null, now, source);
            entry(h, team, inc, now, "Action #" + n + " done: " + item.text() + " (" + where + " was closed)");
        } else if (!remote.closed() && t.closed() && !item.isOpen()) {
            items.reopen(team, inc, n, source, now);
            entry(h, team, inc, now, "Action #" + n + " reopened: " + item.text() + " (" + where + " was reopened)");
        }
        if (!Objects.equals(remote.due(), t.syncedDue()) && !Objects.equals(remote.due(), item.dueDate())) {
            items.reschedule(team, inc, n, remote.due(), source, now);
            entry(h, team, inc, now, "Action #" + n + (remote.due() == null ? " has no due date now"
                    : " is due " + remote.due()) + " (changed in " + where + ")");
        }
        if (newOwner != null && !newOwner.equals(item.ownerId())) {
            items.assign(team, inc, n, newOwner, null, source, now);
            entry(h, team, inc, now, "Action #" + n + " is owned by " + SlackText.mention(newOwner)
                    + " now (assigned in " + where + ")");
        }
        AttachedRepositories.of(h, TicketRepository.class).recordSynced(team, inc, n, t.ticketId(), remote.closed(),
                remote.statusName(), remote.assignee(), remote.due(), now);
    }

    private static void entry(Handle h, String team, long inc, Instant at, String text) {
        AttachedRepositories.of(h, TimelineRepository.class).append(team, NewEntry.of(inc, EntryKind.ACTION, EntrySource.SYSTEM, at,
                null, text));
    }
}
