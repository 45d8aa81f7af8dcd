package dev.incidenttimeline.bot.incident;

import java.util.Objects;

/** Who ran a command, in which workspace and channel. */
public record Invocation(String teamId, String channelId, String userId) {
    public Invocation {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(channelId, "channelId");
        Objects.requireNonNull(userId, "userId");
    }
}
