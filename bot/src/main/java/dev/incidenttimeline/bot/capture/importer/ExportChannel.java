package dev.incidenttimeline.bot.capture.importer;

import java.util.Objects;

/**
 * A conversation listed in an export: {@code channels.json} holds the public ones,
 * {@code groups.json} the private ones. Its messages are in the folder named after it.
 */
public record ExportChannel(String id, String name, String topic, String purpose, String creatorId, boolean isPrivate) {
    public ExportChannel {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
    }
}
