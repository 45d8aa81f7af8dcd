package dev.incidenttimeline.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionRepositoryTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    static final Instant OLD = NOW.minus(Duration.ofDays(20));
    static final Instant RECENT = NOW.minus(Duration.ofDays(2));
    static final Instant CUTOFF = NOW.minus(Duration.ofDays(14));

    @BeforeEach
    void clean() {
        db.truncateAll();
    }

    private void event(String id, String status, Instant at) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, status, received_at, processed_at)
                VALUES ('T1', :id, 'message', '{}', :status, :at, CASE WHEN :status = 'done' THEN CAST(:at AS timestamptz) END)
                """).bind("id", id).bind("status", status).bind("at", at).execute());
    }

    private void effect(String key, String status, Instant at) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO slack_effects (team_id, dedupe_key, kind, payload, status, created_at, done_at)
                VALUES ('T1', :key, 'post', '{}', :status, :at, CASE WHEN :status = 'done' THEN CAST(:at AS timestamptz) END)
                """).bind("key", key).bind("status", status).bind("at", at).execute());
    }

    private List<String> ids(String sql) {
        return db.jdbi().withHandle(h -> h.createQuery(sql).mapTo(String.class).list());
    }

    @Test
    void purge_deletesOnlyDoneRowsOlderThanTheCutoff_andKeepsPendingAndParkedOfAnyAge() {
        event("old-done", "done", OLD);
        event("recent-done", "done", RECENT);
        event("old-pending", "pending", OLD);
        event("old-parked", "parked", OLD);
        effect("old-done", "done", OLD);
        effect("recent-done", "done", RECENT);
        effect("old-parked", "parked", OLD);
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO slack_requests (team_id, request_key, kind, received_at)
                VALUES ('T1', 'old', 'command', ?), ('T1', 'recent', 'command', ?)
                """, OLD, RECENT));

        RetentionRepository.Purged purged = db.jdbi().onDemand(RetentionRepository.class).purge(CUTOFF);

        assertThat(purged).isEqualTo(new RetentionRepository.Purged(1, 1, 1));
        assertThat(ids("SELECT event_id FROM slack_events ORDER BY event_id"))
                .containsExactly("old-parked", "old-pending", "recent-done");
        assertThat(ids("SELECT dedupe_key FROM slack_effects ORDER BY dedupe_key"))
                .containsExactly("old-parked", "recent-done");
        assertThat(ids("SELECT request_key FROM slack_requests")).containsExactly("recent");
    }

    @Test
    void purge_deletesABacklogLargerThanOneBatch() {
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, status, received_at, processed_at)
                SELECT 'T1', 'e' || i, 'message', '{}', 'done', ?, ? FROM generate_series(1, ?) i
                """, OLD, OLD, RetentionRepository.BATCH * 2 + 5));

        assertThat(db.jdbi().onDemand(RetentionRepository.class).purge(CUTOFF).events())
                .isEqualTo(RetentionRepository.BATCH * 2 + 5);
        assertThat(ids("SELECT event_id FROM slack_events")).isEmpty();
    }

    @Test
    void doneEvent_keepsNoPayload_andStatusCountsStayTheSame() {
        event("a", "pending", RECENT);
        event("b", "parked", RECENT);
        InboxRepository inbox = db.jdbi().onDemand(InboxRepository.class);
        inbox.markDone("T1", "a", NOW);

        assertThat(ids("SELECT COALESCE(payload::text, 'none') || '/' || COALESCE(length(body)::text, 'none')"
                + " FROM slack_events WHERE event_id = 'a'")).containsExactly("none/none");
        assertThat(inbox.countByStatus()).containsExactly("done=1", "parked=1");
    }

    @Test
    void statusCounts_boundTheDoneCount_soThatTheyNeverReadEveryDoneRow() {
        db.jdbi().useHandle(h -> h.execute("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, status, received_at, processed_at)
                SELECT 'T1', 'e' || i, 'message', '{}', 'done', ?, ? FROM generate_series(1, ?) i
                """, RECENT, RECENT, InboxRepository.DONE_COUNT_BOUND + 1));
        event("p", "pending", RECENT);

        assertThat(db.jdbi().onDemand(InboxRepository.class).countByStatus())
                .containsExactly("done=" + InboxRepository.DONE_COUNT_BOUND + "+", "pending=1");
    }
}
