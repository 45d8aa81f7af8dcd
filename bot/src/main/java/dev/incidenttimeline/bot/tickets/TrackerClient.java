package dev.incidenttimeline.bot.tickets;

import dev.incidenttimeline.bot.config.TicketSettings;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;

/**
 * One tracker's API, as the sync needs it. Every method makes HTTP calls: call them with no
 * database transaction open (they run as outbox effects).
 */
public interface TrackerClient {
    /** {@code jira}, {@code github} or {@code linear}. */
    String code();

    /** The tracker's user for a Slack email; empty when there is none (the ticket stays unassigned). */
    Optional<String> findAssignee(String email);

    /** The ticket carrying an item's own label ({@code INC-12#3}), made by an earlier try. */
    Optional<RemoteTicket> findByLabel(String itemLabel);

    RemoteTicket create(TicketDraft draft, String assignee);

    RemoteTicket fetch(String ticketId);

    /** {@code assignee} null: unassigned. */
    void setAssignee(String ticketId, String assignee);

    void setDue(String ticketId, LocalDate due);

    /** Closes ({@code dropped}: as won't do, where the tracker knows it) or reopens a ticket. */
    void setClosed(String ticketId, boolean closed, boolean dropped);

    /** What {@code action link} was given, read as this tracker's ticket; empty when it is not one. */
    Optional<TicketReference> parseReference(String urlOrKey);

    /** A ticket named by hand: the id to call it by, its key, and its link. */
    record TicketReference(String id, String key, String url) {
    }

    static Optional<TrackerClient> of(TicketSettings s, Clock clock) {
        return s.tracker().map(t -> switch (t) {
            case JIRA -> new JiraClient(s, clock);
            case GITHUB -> new GitHubClient(s, clock);
            case LINEAR -> new LinearClient(s, clock);
        });
    }
}
