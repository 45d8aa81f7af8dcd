package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a retro is written from, as the store reads it: the incident, its timeline in
 * time order (deleted entries included: the renderer leaves them out), its action items,
 * the people who joined its channel, the cached profiles of the users named anywhere in
 * it (by user id; a missing user is shown by id), and the incident channel's permalink.
 */
public record RetroInput(
        Incident incident,
        List<TimelineEntry> entries,
        List<ActionItem> actionItems,
        List<Participant> participants,
        Map<String, SlackUser> users,
        String channelUrl) {

    public RetroInput {
        Objects.requireNonNull(incident, "incident");
        entries = entries == null ? List.of() : List.copyOf(entries);
        actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
        participants = participants == null ? List.of() : List.copyOf(participants);
        users = users == null ? Map.of() : Map.copyOf(users);
    }
}
