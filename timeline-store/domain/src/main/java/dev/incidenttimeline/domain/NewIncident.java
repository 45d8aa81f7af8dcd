package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Objects;

/** What is known when an incident is declared (or imported). */
public record NewIncident(
        String teamId,
        String title,
        Severity severity,
        boolean isPrivate,
        String commanderId,
        String createdBy,
        Instant declaredAt,
        String summary) {

    public NewIncident {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(declaredAt, "declaredAt");
        title = title.strip();
        if (title.isEmpty()) {
            throw new IllegalArgumentException("an incident needs a title");
        }
        if (title.length() > 200) {
            throw new IllegalArgumentException("an incident title is at most 200 characters");
        }
    }
}
