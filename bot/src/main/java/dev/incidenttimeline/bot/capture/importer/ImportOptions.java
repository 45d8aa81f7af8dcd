package dev.incidenttimeline.bot.capture.importer;

import dev.incidenttimeline.domain.Severity;
import java.util.Objects;
import java.util.Optional;

/**
 * What the person importing says about the incident, where the export cannot tell: its
 * title and severity (otherwise read from the channel topic), the workspace (otherwise
 * {@code users.json}), and whether it is still going on ({@code keepOpen}: not resolved at
 * the last message). Title and severity apply when the incident is first imported.
 */
public record ImportOptions(Optional<String> title, Optional<Severity> severity, Optional<String> teamId,
        boolean keepOpen) {

    public ImportOptions {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(teamId, "teamId");
        title = title.map(String::strip).filter(t -> !t.isEmpty());
        teamId = teamId.map(String::strip).filter(t -> !t.isEmpty());
    }

    /** Everything from the export; resolved at its last message. */
    public static ImportOptions defaults() {
        return new ImportOptions(Optional.empty(), Optional.empty(), Optional.empty(), false);
    }
}
