package dev.incidenttimeline.bot.tickets;

import java.time.LocalDate;

/**
 * A ticket as the tracker shows it.
 *
 * @param id what its API calls it by; {@code key} what people call it
 * @param assignee the tracker's user (Jira accountId, GitHub login, Linear user id), or null
 */
public record RemoteTicket(String id, String key, String url, boolean closed, String statusName, String assignee,
        LocalDate due) {
}
