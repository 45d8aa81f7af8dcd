package dev.incidenttimeline.store;

import java.time.Instant;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Deletes finished queue rows after the retention period. Deletes go in batches, each its own
 * statement, so that a first run over a large backlog never holds one long transaction.
 */
public interface RetentionRepository {
    int BATCH = 1000;

    /** Deletes done inbox events, done Slack calls and replay-guard keys older than {@code before}. */
    default Purged purge(Instant before) {
        int events = 0;
        int effects = 0;
        int requests = 0;
        int n;
        do {
            n = deleteDoneEvents(before, BATCH);
            events += n;
        } while (n == BATCH);
        do {
            n = deleteDoneEffects(before, BATCH);
            effects += n;
        } while (n == BATCH);
        do {
            n = deleteRequests(before, BATCH);
            requests += n;
        } while (n == BATCH);
        return new Purged(events, effects, requests);
    }

    /** How many rows one purge removed. */
    record Purged(int events, int effects, int requests) {
        public int total() {
            return events + effects + requests;
        }
    }

    @SqlUpdate("""
            DELETE FROM slack_events WHERE (team_id, event_id) IN (
                SELECT team_id, event_id FROM slack_events
                WHERE status = 'done' AND processed_at < :before LIMIT :limit)
            """)
    int deleteDoneEvents(Instant before, int limit);

    @SqlUpdate("""
            DELETE FROM slack_effects WHERE (team_id, id) IN (
                SELECT team_id, id FROM slack_effects
                WHERE status = 'done' AND done_at < :before LIMIT :limit)
            """)
    int deleteDoneEffects(Instant before, int limit);

    /** Replay-guard keys matter for Slack's 5-minute window only; retention is far longer. */
    @SqlUpdate("""
            DELETE FROM slack_requests WHERE (team_id, request_key) IN (
                SELECT team_id, request_key FROM slack_requests WHERE received_at < :before LIMIT :limit)
            """)
    int deleteRequests(Instant before, int limit);
}
