package dev.incidenttimeline.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
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

    /**
     * This incident with the key moments people set in place of the recorded ones: the latest
     * setting of each moment wins (a resolution time only for a resolved incident). What the
     * retro's key timestamps show is what a report computes its durations from.
     */
    public Incident withKeyMoments(List<KeyMoment> moments) {
        Map<KeyMoment.Moment, KeyMoment> latest = new EnumMap<>(KeyMoment.Moment.class);
        for (KeyMoment m : moments) {
            if (m.incidentNumber() == number) {
                latest.merge(m.moment(), m, (a, b) -> b.id() > a.id() ? b : a);
            }
        }
        if (latest.isEmpty()) {
            return this;
        }
        Instant started = at(latest, KeyMoment.Moment.STARTED, startedAt);
        Instant detected = at(latest, KeyMoment.Moment.DETECTED, detectedAt);
        Instant mitigated = at(latest, KeyMoment.Moment.MITIGATED, mitigatedAt);
        Instant resolved = resolvedAt == null ? null : at(latest, KeyMoment.Moment.RESOLVED, resolvedAt);
        return new Incident(teamId, number, title, severity, status, channelId, channelName, isPrivate, commanderId,
                driId, summary, impact, rootCause, contributingFactors, started, detected, declaredAt, mitigated,
                resolved, createdBy, lastMessageTs);
    }

    private static Instant at(Map<KeyMoment.Moment, KeyMoment> latest, KeyMoment.Moment moment, Instant recorded) {
        KeyMoment set = latest.get(moment);
        return set != null ? set.at() : recorded;
    }

    public Optional<String> channel() {
        return Optional.ofNullable(channelId);
    }
}
