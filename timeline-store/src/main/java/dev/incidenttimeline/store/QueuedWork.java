package dev.incidenttimeline.store;

import java.time.Instant;

/**
 * A row claimed from the event inbox or the Slack effects outbox: what to do, and how many
 * times it has been tried.
 */
public record QueuedWork(String teamId, String key, String type, String payload, int attempts, Instant receivedAt) {
}
