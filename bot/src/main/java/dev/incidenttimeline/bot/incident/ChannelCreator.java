package dev.incidenttimeline.bot.incident;

/**
 * Creates an incident channel in the workspace. The bot implements it with Slack's
 * {@code conversations.create}; {@link IncidentService} only sees this port, so it stays
 * free of Slack. Failures are thrown as they are (the caller decides what is worth a retry).
 */
@FunctionalInterface
public interface ChannelCreator {
    /** @return the new channel's id */
    String create(String name, boolean isPrivate);
}
