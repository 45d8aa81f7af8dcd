package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.people.Profiles;
import dev.incidenttimeline.bot.slack.SlackText;
import dev.incidenttimeline.bot.visibility.IncidentViewer;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.domain.CommandException;
import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import dev.incidenttimeline.store.TimelineRepository;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * How every {@code /incident} command in an incident channel runs: on the channel's
 * incident, its row locked, in one transaction that holds the change, its timeline entry
 * and the Slack effects announcing it; the effect worker is woken after the commit. Shared
 * by the services that each handle one part of the incident.
 */
final class IncidentTransactions {
    final Jdbi jdbi;
    final Clock clock;
    final Settings settings;
    final ZoneId zone;
    final IncidentMessages messages;
    private final Runnable effectsQueued;

    IncidentTransactions(Jdbi jdbi, Clock clock, Settings settings, Runnable effectsQueued) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.zone = settings.zone();
        this.messages = new IncidentMessages(settings.reactions(), zone);
        this.effectsQueued = Objects.requireNonNull(effectsQueued, "effectsQueued");
    }

    /** Runs a change on the channel's incident, its row locked, in one transaction; wakes the effect worker after. */
    String change(Invocation inv, BiFunction<Handle, Incident, String> work) {
        String reply = jdbi.inTransaction(h -> work.apply(h, incidentOf(h, inv, true)));
        effectsQueued.run();
        return reply;
    }

    /** Reads the channel's incident in one transaction. */
    String read(Invocation inv, BiFunction<Handle, Incident, String> work) {
        return jdbi.inTransaction(h -> work.apply(h, incidentOf(h, inv, false)));
    }

    /** Wakes the effect worker (after a transaction that queued effects outside {@link #change}). */
    void effectsQueued() {
        effectsQueued.run();
    }

    Incident incidentOf(Handle h, Invocation inv, boolean lock) {
        IncidentRepository incidents = AttachedRepositories.of(h, IncidentRepository.class);
        Incident inc = incidents.findByChannel(inv.teamId(), inv.channelId())
                .orElseThrow(() -> notAnIncidentChannel(h, inv));
        if (!lock) {
            return inc;
        }
        incidents.lock(inv.teamId(), inc.number());
        return incidents.find(inv.teamId(), inc.number()).orElseThrow();
    }

    private CommandException notAnIncidentChannel(Handle h, Invocation inv) {
        IncidentViewer viewer = VisibilityPolicy.viewer(h, inv.teamId(), inv.userId());
        Optional<Incident> example = AttachedRepositories.of(h, IncidentRepository.class).listOpen(inv.teamId()).stream()
                .filter(i -> i.channelId() != null && viewer.canSee(i)).findFirst();
        String channel = example.map(i -> SlackText.channel(i.channelId()))
                .orElse("#" + settings.channelPrefix() + "-20261122-db-failover");
        return new CommandException("This is not an incident channel; run it in the incident's channel, e.g. "
                + channel + ". `/incident list` shows the open incidents and their channels.");
    }

    /** The timeline entry of a command, by the person who ran it, at the clock's now. */
    TimelineEntry entry(Handle h, Invocation inv, Incident inc, EntryKind kind, String text) {
        Profiles.seen(h, inv.teamId(), inv.userId(), text);
        return AttachedRepositories.of(h, TimelineRepository.class).append(inv.teamId(),
                NewEntry.of(inc.number(), kind, EntrySource.COMMAND, clock.instant(), inv.userId(), text));
    }

    /** Posts the line announcing a change in the incident's channel, once per timeline entry. */
    void announce(Outbox o, Incident inc, TimelineEntry cause, String text, String blocksJson) {
        if (inc.channelId() != null) {
            o.postMessage("entry-" + cause.id() + ":post", inc.channelId(), text, blocksJson, null);
        }
    }
}
