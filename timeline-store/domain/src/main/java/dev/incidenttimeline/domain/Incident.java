package dev.incidenttimeline.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One incident: its key, what it is, how bad, where it is handled (the incident channel),
 * who leads it, the retro fields, and the key moments of its lifecycle.
 */
public record Incident(
        String teamId,
        long number,
        String title,
        Severity severity,
        IncidentStatus status,
        String channelId,
        String channelName,
        boolean isPrivate,
        String commanderId,
        String driId,
        String summary,
        String impact,
        String rootCause,
        String contributingFactors,
        Instant startedAt,
        Instant detectedAt,
        Instant declaredAt,
        Instant mitigatedAt,
        Instant resolvedAt,
        String createdBy,
        String lastMessageTs) {

    public Incident {
        Objects.requireNonNull(teamId, "teamId");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(declaredAt, "declaredAt");
        Objects.requireNonNull(createdBy, "createdBy");
        if (title.isBlank()) {
            throw new IllegalArgumentException("an incident needs a title");
        }
        if (status == IncidentStatus.RESOLVED && resolvedAt == null) {
            throw new IllegalArgumentException("a resolved incident needs its resolution time");
        }
    }

    public IncidentKey key() {
        return new IncidentKey(number);
    }

    public boolean isOpen() {
        return status.isOpen();
    }

    /** How long it lasted, or has lasted until {@code now} while still open. */
    public Duration duration(Instant now) {
        Instant end = resolvedAt != null ? resolvedAt : now;
        Instant start = startedAt != null && startedAt.isBefore(declaredAt) ? startedAt : declaredAt;
        return end.isBefore(start) ? Duration.ZERO : Duration.between(start, end);
    }

    public Optional<String> channel() {
        return Optional.ofNullable(channelId);
    }
}
