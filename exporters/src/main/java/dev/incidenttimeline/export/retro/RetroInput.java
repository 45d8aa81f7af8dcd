package dev.incidenttimeline.export.retro;

import dev.incidenttimeline.domain.ActionItem;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.Participant;
import dev.incidenttimeline.domain.RetroNote;
import dev.incidenttimeline.domain.SlackUser;
import dev.incidenttimeline.domain.TimelineEntry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a retro is written from, as the store reads it: the incident, its timeline in
 * time order (deleted entries included: the renderer leaves them out), its action items,
 * the people who joined its channel, the cached profiles of the users named anywhere in
 * it (by user id; a missing user is shown by id), the incident channel's permalink, the
 * key moments people set (every setting, oldest first), the notes of the retro commands
 * (causal chain, factors, learnings; removed ones left out), and the incident's last change
 * (null when unknown: the render's own time is used instead).
 */
public record RetroInput(
        Incident incident,
        List<TimelineEntry> entries,
        List<ActionItem> actionItems,
        List<Participant> participants,
        Map<String, SlackUser> users,
        String channelUrl,
        List<KeyMoment> keyMoments,
        List<RetroNote> notes,
        Instant lastChangedAt) {

    public RetroInput {
        Objects.requireNonNull(incident, "incident");
        entries = entries == null ? List.of() : List.copyOf(entries);
        actionItems = actionItems == null ? List.of() : List.copyOf(actionItems);
        participants = participants == null ? List.of() : List.copyOf(participants);
        users = users == null ? Map.of() : Map.copyOf(users);
        keyMoments = keyMoments == null ? List.of() : List.copyOf(keyMoments);
        notes = notes == null ? List.of() : notes.stream().filter(n -> !n.isRemoved()).toList();
    }

    /** An incident with no key moments set, no notes, and no known last change. */
    public RetroInput(Incident incident, List<TimelineEntry> entries, List<ActionItem> actionItems,
            List<Participant> participants, Map<String, SlackUser> users, String channelUrl) {
        this(incident, entries, actionItems, participants, users, channelUrl, List.of(), List.of(), null);
    }
}
