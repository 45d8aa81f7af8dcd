package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * Where an incident's retro was last exported: a file uploaded to Slack ({@code permalink}
 * set) or a file written by the command line ({@code permalink} null, {@code fileName} is
 * the name it was written under).
 */
public record RetroExport(long incidentNumber, String fileName, String permalink, Instant exportedAt) {
    public RetroExport {
        Objects.requireNonNull(fileName, "fileName");
        Objects.requireNonNull(exportedAt, "exportedAt");
        if (fileName.isBlank()) {
            throw new IllegalArgumentException("a retro export needs a file name");
        }
    }

    /** Uploaded to Slack, so there is a link anyone in the workspace can open. */
    public boolean uploaded() {
        return permalink != null && !permalink.isBlank();
    }
}
