package dev.incidenttimeline.bot.capture.importer;

import java.util.Objects;

/** A member as {@code users.json} describes them, as much as rendering names needs. */
public record ExportUser(String id, String teamId, String displayName, String realName, String tz, boolean isBot) {
    public ExportUser {
        Objects.requireNonNull(id, "id");
    }
}
