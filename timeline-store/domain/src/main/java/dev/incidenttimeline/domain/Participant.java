package dev.incidenttimeline.domain;

import java.time.Instant;
import java.util.Objects;

/** Someone who joined the incident channel. */
public record Participant(long incidentNumber, String userId, Instant joinedAt) {
    public Participant {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }
}
