package dev.incidenttimeline.bot.actions;

import static dev.incidenttimeline.bot.slack.SlackText.mention;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.ActionItemNotFoundException;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentNotFoundException;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * What the owner's Accept, Change due date and Reassign do, free of Slack: each in one
 * transaction with its timeline entry (the ticket and the new owner's DM follow through the
 * outbox, queued by the store with the change). Only the item's current owner may act on
 * it; anything else is a {@link CommandException} that says why, and changes nothing.
 */
public final class AcceptanceService {
    private final Jdbi jdbi;
    private final Clock clock;
    private final ZoneId zone;
    private final Runnable effectsQueued;

    public AcceptanceService(Jdbi jdbi, Clock clock, ZoneId zone, Runnable effectsQueued) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.zone = zone;
        this.effectsQueued = effectsQueued;
    }

    /** The incident and item a button names, for its form. */
    public record Target(Incident incident, ActionItem item) {
    }

    public Target load(String team, String user, ActionItemRef ref) {
        return jdbi.inTransaction(h -> target(h, team, user, ref));
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(zone));
    }

    public String accept(String team, String user, ActionItemRef ref) {
        String reply = jdbi.inTransaction(h -> {
            Target t = target(h, team, user, ref);
            Instant now = clock.instant();
            AttachedRepositories.of(h, ActionItemRepository.class).accept(team, ref.incidentNumber(), ref.number(), user, now);
            entry(h, team, t, now, user, "Action #" + ref.number() + " accepted by " + mention(user));
            return ":white_check_mark: You accepted #" + ref.number() + " of " + t.incident().key() + ": "
                    + t.item().text() + (t.item().dueDate() == null ? "." : ", due " + t.item().dueDate() + ".");
        });
        effectsQueued.run();
        return reply;
    }

    public String changeDue(String team, String user, ActionItemRef ref, LocalDate due) {
        if (due.isBefore(today())) {
            throw new CommandException("The due date " + due + " is in the past; pick today or a later day.");
        }
        String reply = jdbi.inTransaction(h -> {
            Target t = target(h, team, user, ref);
            Instant now = clock.instant();
            if (!AttachedRepositories.of(h, ActionItemRepository.class).reschedule(team, ref.incidentNumber(), ref.number(), due,
                    "slack", now)) {
                return "#" + ref.number() + " of " + t.incident().key() + " is already due " + due + ".";
            }
            entry(h, team, t, now, user, "Action #" + ref.number() + " is due " + due + " (was "
                    + (t.item().dueDate() == null ? "undated" : t.item().dueDate()) + "), changed by " + mention(user));
            return "#" + ref.number() + " of " + t.incident().key() + " is due " + due + " now.";
        });
        effectsQueued.run();
        return reply;
    }

    public String reassign(String team, String user, ActionItemRef ref, String newOwner) {
        String reply = jdbi.inTransaction(h -> {
            Target t = target(h, team, user, ref);
            if (newOwner.equals(user)) {
                throw new CommandException("You already own #" + ref.number() + " of " + t.incident().key()
                        + "; pick someone else, or press Accept.");
            }
            Instant now = clock.instant();
            AttachedRepositories.of(h, ActionItemRepository.class).assign(team, ref.incidentNumber(), ref.number(), newOwner, user,
                    "slack", now);
            entry(h, team, t, now, user, "Action #" + ref.number() + " reassigned from " + mention(user) + " to "
                    + mention(newOwner));
            return "#" + ref.number() + " of " + t.incident().key() + " is " + mention(newOwner)
                    + "'s now; they get a DM to accept it.";
        });
        effectsQueued.run();
        return reply;
    }

    private static Target target(Handle h, String team, String user, ActionItemRef ref) {
        IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
        incidents.lock(team, ref.incidentNumber()).orElseThrow(() -> new IncidentNotFoundException(
                "INC-" + ref.incidentNumber() + " no longer exists, so its action items cannot be changed."));
        Incident inc = incidents.find(team, ref.incidentNumber()).orElseThrow();
        ActionItem item = AttachedRepositories.of(h, ActionItemRepository.class).find(team, ref.incidentNumber(), ref.number())
                .orElseThrow(() -> new ActionItemNotFoundException(inc.key() + " has no action item #"
                        + ref.number() + "; `/incident actions` lists them."));
        if (!user.equals(item.ownerId())) {
            throw new CommandException("#" + ref.number() + " of " + inc.key() + " is owned by "
                    + (item.ownerId() == null ? "nobody" : mention(item.ownerId()))
                    + " now; only its owner can accept, move or hand it on.");
        }
        if (!item.isOpen()) {
            throw new CommandException("#" + ref.number() + " of " + inc.key() + " is already "
                    + item.status().code() + ".");
        }
        return new Target(inc, item);
    }

    private static void entry(Handle h, String team, Target t, Instant at, String user, String text) {
        AttachedRepositories.of(h, TimelineRepository.class).append(team, NewEntry.of(t.incident().number(), EntryKind.ACTION,
                EntrySource.COMMAND, at, user, text));
    }
}
