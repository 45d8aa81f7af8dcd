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

    /**
     * Creates the channel, or, when {@code recordedBefore} (an earlier attempt of the same
     * incident recorded this name and may have created it before its reply or commit was
     * lost), adopts the existing channel of that name if the bot itself created it.
     */
    default String createOrAdopt(String name, boolean isPrivate, boolean recordedBefore) {
        return create(name, isPrivate);
    }
}
