package dev.incidenttimeline.domain;

import java.util.Objects;

/**
 * The cached profile of a workspace member or bot, as much as rendering (and later ticket
 * systems) need. For a bot, {@code displayName} is the bot's name and {@code appName} the
 * app it belongs to.
 */
public record SlackUser(String teamId, String id, String displayName, String realName, String tz, boolean isBot,
        String email, boolean isDeleted, String appName) {

    public SlackUser {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(id, "id");
    }

    /** A profile with names only (an export's users.json, an app's posting name). */
    public SlackUser(String teamId, String id, String displayName, String realName, String tz, boolean isBot) {
        this(teamId, id, displayName, realName, tz, isBot, null, false, null);
    }

    /** People are rendered by display name, then real name, then id; a bot by its name, then its app's. */
    public String label() {
        if (displayName != null && !displayName.isBlank()) {
            return displayName;
        }
        if (realName != null && !realName.isBlank()) {
            return realName;
        }
        if (appName != null && !appName.isBlank()) {
            return appName;
        }
        return id;
    }

    /** Whether this row names its member (a row can exist for an id whose profile could not be read). */
    public boolean hasName() {
        return !label().equals(id);
    }
}
