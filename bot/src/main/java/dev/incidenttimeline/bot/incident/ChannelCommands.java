package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.domain.ActionStatus;

/**
 * Runs the {@code /incident} sub-commands that act on the incident of the channel they are
 * typed in and need nothing from Slack but the reply: lifecycle, roles, notes, the retro and
 * the action items. {@link IncidentCommandFeature} sends the ones it does not handle itself
 * here, and the {@code demo} runs a team's retro commands through it, as typed.
 */
public final class ChannelCommands {
    private final IncidentService incidents;

    public ChannelCommands(IncidentService incidents) {
        this.incidents = incidents;
    }

    /**
     * @throws IllegalArgumentException for a command that is not run in an incident channel
     *     (declare, list, report, help), or that needs Slack itself (the declare form)
     */
    public String run(Invocation inv, IncidentCommand cmd) {
        RetroService retro = incidents.retro();
        ActionItemService actions = incidents.actions();
        if (cmd instanceof IncidentCommand.Status s) {
            return incidents.changeStatus(inv, s.status());
        } else if (cmd instanceof IncidentCommand.Resolve r) {
            return incidents.resolve(inv);
        } else if (cmd instanceof IncidentCommand.Sev s) {
            return incidents.setSeverity(inv, s.severity());
        } else if (cmd instanceof IncidentCommand.Commander c) {
            return incidents.setCommander(inv, c.userId());
        } else if (cmd instanceof IncidentCommand.Dri d) {
            return incidents.setDri(inv, d.userId());
        } else if (cmd instanceof IncidentCommand.Note n) {
            return incidents.note(inv, n.text());
        } else if (cmd instanceof IncidentCommand.Summary s) {
            return retro.setSummary(inv, s.text());
        } else if (cmd instanceof IncidentCommand.Impact i) {
            return retro.setImpact(inv, i.text());
        } else if (cmd instanceof IncidentCommand.RootCause rc) {
            return retro.setRootCause(inv, rc.text());
        } else if (cmd instanceof IncidentCommand.Factors f) {
            return retro.setContributingFactors(inv, f.text());
        } else if (cmd instanceof IncidentCommand.SetMoment m) {
            return retro.setMoment(inv, m);
        } else if (cmd instanceof IncidentCommand.AddNote n) {
            return retro.addNote(inv, n);
        } else if (cmd instanceof IncidentCommand.RemoveNote n) {
            return retro.removeNote(inv, n);
        } else if (cmd instanceof IncidentCommand.ListNotes n) {
            return retro.listNotes(inv, n);
        } else if (cmd instanceof IncidentCommand.Export e) {
            return retro.export(inv);
        } else if (cmd instanceof IncidentCommand.Action a) {
            return actions.addAction(inv, a);
        } else if (cmd instanceof IncidentCommand.ActionChange c) {
            return actions.changeAction(inv, c);
        } else if (cmd instanceof IncidentCommand.Actions a) {
            return actions.listActions(inv);
        } else if (cmd instanceof IncidentCommand.ActionDone d) {
            return actions.closeAction(inv, d.number(), ActionStatus.DONE);
        } else if (cmd instanceof IncidentCommand.ActionDrop d) {
            return actions.closeAction(inv, d.number(), ActionStatus.DROPPED);
        } else if (cmd instanceof IncidentCommand.Timeline t) {
            return incidents.timeline(inv, t.limit());
        }
        throw new IllegalArgumentException("not a command of an incident channel: " + cmd);
    }
}
