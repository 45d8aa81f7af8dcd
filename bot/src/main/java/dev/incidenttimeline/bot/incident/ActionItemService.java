package dev.incidenttimeline.bot.incident;

import static dev.incidenttimeline.bot.slack.SlackText.mention;

import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.slack.BlockKit;
import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionItemNotFoundException;
import dev.incidenttimeline.domain.ActionStatus;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentNotFoundException;
import dev.incidenttimeline.domain.NewActionItem;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The follow-ups of an incident: adding them (with a priority and a type), changing them,
 * closing them (the command and the "Mark done" button), and listing them with what each
 * still lacks for the weekly review.
 */
final class ActionItemService {
    /** Two identical action items from the same person this close together are one (a double submit). */
    static final Duration DOUBLE_SUBMIT_WINDOW = Duration.ofSeconds(10);

    private final IncidentTransactions tx;

    ActionItemService(IncidentTransactions tx) {
        this.tx = tx;
    }

    String addAction(Invocation inv, IncidentCommand.Action a) {
        return tx.change(inv, (h, inc) -> {
            ActionItemRepository items = AttachedRepositories.of(h, ActionItemRepository.class);
            Instant now = tx.clock.instant();
            LocalDate due = a.due().orElse(null);
            Optional<ActionItem> twin = items.listForIncident(inv.teamId(), inc.number()).stream()
                    .filter(i -> i.isOpen() && inv.userId().equals(i.createdBy()) && i.text().equals(a.text())
                            && a.ownerId().equals(i.ownerId()) && Objects.equals(i.dueDate(), due)
                            && !i.createdAt().isBefore(now.minus(DOUBLE_SUBMIT_WINDOW)))
                    .findFirst();
            if (twin.isPresent()) {
                return "That is already action item *#" + twin.get().number() + "* of " + inc.key() + ".";
            }
            ActionItem item = items.add(inv.teamId(), new NewActionItem(inc.number(), a.text(), a.ownerId(), due,
                    a.priority(), a.kind(), inv.userId(), now, null));
            TimelineEntry e = tx.entry(h, inv, inc, EntryKind.ACTION, "Action #" + item.number() + ": " + item.text()
                    + " (owner " + mention(item.ownerId()) + (due == null ? "" : ", due " + due) + ")");
            tx.announce(new Outbox(h, inv.teamId()), inc, e, tx.messages.actionAddedText(inc, item, inv.userId()),
                    BlockKit.toJson(tx.messages.actionAddedBlocks(inc, item, inv.userId())));
            return "Added action item *#" + item.number() + "* to " + inc.key() + ": " + item.text() + " — "
                    + mention(item.ownerId()) + (due == null ? ", no due date" : ", due " + due) + ", "
                    + item.priority().code() + " " + item.kind().code() + "."
                    + (due == null ? " Give it one: `/incident action " + item.number() + " due <date>`." : "");
        });
    }

    /** {@code action <n> p1 type prevent due fri owner @x}: what is given changes. */
    String changeAction(Invocation inv, IncidentCommand.ActionChange c) {
        return tx.change(inv, (h, inc) -> {
            ActionItemRepository items = AttachedRepositories.of(h, ActionItemRepository.class);
            ActionItem before = find(items, inc, c.number());
            ActionItem after = items.updateFields(inv.teamId(), inc.number(), c.number(),
                    c.priority().map(p -> p.level()).orElse(null), c.kind().map(k -> k.code()).orElse(null),
                    c.due().orElse(null), c.ownerId().orElse(null)).orElseThrow();
            List<String> changes = new ArrayList<>();
            if (before.priority() != after.priority()) {
                changes.add(before.priority().code() + " → " + after.priority().code());
            }
            if (before.kind() != after.kind()) {
                changes.add(before.kind().code() + " → " + after.kind().code());
            }
            if (!Objects.equals(before.dueDate(), after.dueDate())) {
                changes.add("due " + (before.dueDate() == null ? "none" : before.dueDate()) + " → " + after.dueDate());
            }
            if (!Objects.equals(before.ownerId(), after.ownerId())) {
                changes.add("owner " + (before.ownerId() == null ? "none" : mention(before.ownerId())) + " → "
                        + mention(after.ownerId()));
            }
            if (changes.isEmpty()) {
                return "Action item *#" + c.number() + "* of " + inc.key() + " already is " + describe(after) + ".";
            }
            String text = "Action #" + after.number() + ": " + String.join(", ", changes);
            TimelineEntry e = tx.entry(h, inv, inc, EntryKind.ACTION, text);
            tx.announce(new Outbox(h, inv.teamId()), inc, e, ":pencil2: " + mention(inv.userId()) + " changed action"
                    + " item *#" + after.number() + "* of " + inc.key() + ": " + String.join(", ", changes), null);
            return "Action item *#" + after.number() + "* of " + inc.key() + " is now " + describe(after) + "."
                    + fixes(after);
        });
    }

    private static String describe(ActionItem i) {
        return i.priority().code() + " · " + i.kind().code() + " · "
                + (i.dueDate() == null ? "no due date" : "due " + i.dueDate()) + " · "
                + (i.ownerId() == null ? "no owner" : "owner " + mention(i.ownerId()));
    }

    /** {@code action done <n>} / {@code action drop <n>} in the incident's channel. */
    String closeAction(Invocation inv, int number, ActionStatus status) {
        return tx.change(inv, (h, inc) -> closeItem(h, inc, number, status, inv.userId()));
    }

    /**
     * The "Mark done" button, wherever it was pressed (the channel line, a reminder DM, App
     * Home): the incident is found by its number, not by the channel.
     */
    String markDone(String teamId, String userId, long incidentNumber, int number) {
        String reply = tx.jdbi.inTransaction(h -> {
            IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
            incidents.lock(teamId, incidentNumber).orElseThrow(() -> new IncidentNotFoundException(
                    "INC-" + incidentNumber + " no longer exists, so its action items cannot be changed."));
            Incident inc = incidents.find(teamId, incidentNumber).orElseThrow();
            return closeItem(h, inc, number, ActionStatus.DONE, userId);
        });
        tx.effectsQueued();
        return reply;
    }

    private ActionItem find(ActionItemRepository items, Incident inc, int number) {
        return items.find(inc.teamId(), inc.number(), number).orElseThrow(() ->
                new ActionItemNotFoundException(inc.key() + " has no action item #" + number
                        + "; `/incident actions` lists them."));
    }

    private String closeItem(Handle h, Incident inc, int number, ActionStatus status, String userId) {
        ActionItemRepository items = AttachedRepositories.of(h, ActionItemRepository.class);
        ActionItem item = find(items, inc, number);
        if (!item.isOpen()) {
            throw new CommandException("Action item #" + number + " of " + inc.key() + " is already "
                    + item.status().code() + ".");
        }
        Instant now = tx.clock.instant();
        ActionItem closed = items.close(inc.teamId(), inc.number(), number, status, userId, now);
        TimelineEntry e = AttachedRepositories.of(h, TimelineRepository.class).append(inc.teamId(), NewEntry.of(inc.number(),
                EntryKind.ACTION, EntrySource.COMMAND, now, userId,
                "Action #" + number + " " + status.code() + ": " + closed.text()));
        tx.announce(new Outbox(h, inc.teamId()), inc, e, tx.messages.actionClosed(inc, closed, userId), null);
        return "Action item *#" + number + "* of " + inc.key() + " is " + status.code() + ": " + closed.text();
    }

    /** The items by number, each with its priority and type, and what an open one lacks with the fixing command. */
    String listActions(Invocation inv) {
        return tx.read(inv, (h, inc) -> {
            List<ActionItem> items = AttachedRepositories.of(h, ActionItemRepository.class).listForIncident(inv.teamId(), inc.number());
            if (items.isEmpty()) {
                return inc.key() + " has no action items yet. Add one: "
                        + "`/incident action Add an alert on queue depth @alice due fri`";
            }
            LocalDate today = LocalDate.now(tx.clock.withZone(tx.zone));
            long open = items.stream().filter(ActionItem::isOpen).count();
            StringBuilder b = new StringBuilder("*Action items of " + inc.key() + "* (" + open + " open of "
                    + items.size() + ")\n");
            items.forEach(i -> b.append("• ").append(tx.messages.actionRow(i, today)).append(" · ")
                    .append(i.priority().code()).append(' ').append(i.kind().code()).append(fixes(i)).append('\n'));
            b.append("Close one with `/incident action done <n>` or `/incident action drop <n>`; change one with"
                    + " `/incident action <n> p1 type prevent due fri owner @name`.");
            return b.toString();
        });
    }

    /** {@code  :warning: no due date: `/incident action 3 due <date>`} for each thing an open item lacks. */
    static String fixes(ActionItem i) {
        if (!i.isOpen()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        if (i.ownerId() == null || i.ownerId().isBlank()) {
            b.append(" · :warning: no owner: `/incident action ").append(i.number()).append(" owner @name`");
        }
        if (i.dueDate() == null) {
            b.append(" · :warning: no due date: `/incident action ").append(i.number()).append(" due <date>`");
        }
        return b.toString();
    }
}
