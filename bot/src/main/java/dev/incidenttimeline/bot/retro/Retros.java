package dev.incidenttimeline.bot.retro;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.export.retro.RetroInput;
import dev.incidenttimeline.store.ActionItemRepository;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.ParticipantRepository;
import dev.incidenttimeline.store.RetroRepository;
import dev.incidenttimeline.store.SlackUserRepository;
import dev.incidenttimeline.store.TimelineRepository;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Reads what a retro is written from: the timeline once, in time order, plus the action
 * items, participants and user names of the incident's workspace, the key moments people
 * set, the chain, factors and learnings, and the incident's last change (which the retro is
 * written as of, so an unchanged incident always renders the same bytes). Used by the CLI
 * {@code export}, {@code /incident export} and {@code demo}.
 */
public final class Retros {
    private Retros() {
    }

    public static RetroInput load(Jdbi jdbi, Incident incident) {
        return jdbi.inTransaction(h -> load(h, incident));
    }

    public static RetroInput load(Handle h, Incident incident) {
        return load(h, incident, channelUrl(incident));
    }

    /** As {@link #load(Handle, Incident)}, with a known link to the channel (an import knows its workspace). */
    public static RetroInput load(Handle h, Incident incident, String channelUrl) {
        String team = incident.teamId();
        RetroRepository retro = AttachedRepositories.of(h, RetroRepository.class);
        return new RetroInput(
                incident,
                AttachedRepositories.of(h, TimelineRepository.class).listAllForIncident(team, incident.number()),
                AttachedRepositories.of(h, ActionItemRepository.class).listForIncident(team, incident.number()),
                AttachedRepositories.of(h, ParticipantRepository.class).list(team, incident.number()),
                AttachedRepositories.of(h, SlackUserRepository.class).byId(team),
                channelUrl,
                retro.listMoments(team, incident.number()),
                retro.listNotes(team, incident.number()),
                retro.lastChange(team, incident.number()).orElse(null));
    }

    /** A link that opens the incident channel in any workspace the reader belongs to. */
    public static String channelUrl(Incident incident) {
        return incident.channelId() == null ? null : "https://slack.com/app_redirect?channel=" + incident.channelId();
    }

    /** The file name of an incident's retro: {@code retro-INC-42.md}. */
    public static String fileName(Incident incident) {
        return "retro-" + incident.key() + ".md";
    }
}
