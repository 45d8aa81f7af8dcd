package dev.incidenttimeline.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The tracker ticket of an action item (Jira, GitHub Issues or Linear): created by the bot or
 * linked by hand ({@code linkedBy}), with what the tracker last said about it.
 *
 * @param tracker {@code jira}, {@code github} or {@code linear}
 * @param ticketId what the tracker's API calls it by
 * @param ticketKey what people call it: {@code ABC-12}, {@code owner/repo#12}, {@code ENG-12}
 * @param closed whether the ticket is done (or cancelled) in the tracker
 * @param statusName the tracker's own name of its status ("In Progress"), when known
 * @param syncedAssignee the tracker user it was last assigned to by either side
 * @param syncedDue the due date it last held
 */
public record ActionTicket(
        long incidentNumber,
        int number,
        String tracker,
        String ticketId,
        String ticketKey,
        String url,
        boolean closed,
        String statusName,
        String syncedAssignee,
        LocalDate syncedDue,
        String linkedBy,
        Instant createdAt,
        Instant syncedAt) {

    public ActionTicket {
        Objects.requireNonNull(tracker, "tracker");
        Objects.requireNonNull(ticketId, "ticketId");
        Objects.requireNonNull(ticketKey, "ticketKey");
        Objects.requireNonNull(url, "url");
    }

    /** How it reads in a list: the key and the tracker's status ("ABC-12, In Progress"). */
    public String label() {
        String status = statusName != null && !statusName.isBlank() ? statusName : closed ? "closed" : "open";
        return ticketKey + ", " + status;
    }
}
