package dev.incidenttimeline.domain;

import java.util.Objects;

/** The cached profile of a workspace member, as much as rendering needs. */
public record SlackUser(String teamId, String id, String displayName, String realName, String tz, boolean isBot) {
    public SlackUser {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(id, "id");
    }

    /** People are rendered by display name, then real name, then id. */
    public String label() {
        if (displayName != null && !displayName.isBlank()) {
            return displayName;
        }
        if (realName != null && !realName.isBlank()) {
            return realName;
        }
        return id;
    }
}
