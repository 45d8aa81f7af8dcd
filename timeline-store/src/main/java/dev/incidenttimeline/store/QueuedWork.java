package dev.incidenttimeline.store;

import java.time.Instant;

/**
 * A row claimed from the event inbox or the Slack effects outbox: what to do, and how many
 * times it has been tried; {@code claims} counts how often it was handed to a worker (more
 * than once means a call may already have been made by a worker that died).
 */
public record QueuedWork(String teamId, String key, String type, String payload, int attempts, Instant receivedAt,
        int claims) {
}
