package dev.incidenttimeline.bot.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetentionJobTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

    @BeforeEach
    void clean() {
        db.truncateAll();
    }

    private void doneEvent(String id, Instant at) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                INSERT INTO slack_events (team_id, event_id, event_type, payload, status, received_at, processed_at)
                VALUES ('T1', :id, 'message', '{}', 'done', :at, :at)
                """).bind("id", id).bind("at", at).execute());
    }

    private int events() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT count(*) FROM slack_events").mapTo(Integer.class).one());
    }

    @Test
    void runsOncePerDayAcrossReplicas_andDeletesDoneEventsOlderThanRetentionDays() {
        doneEvent("old", NOW.minus(Duration.ofDays(15)));
        doneEvent("recent", NOW.minus(Duration.ofDays(13)));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        RetentionJob one = new RetentionJob(db.jdbi(), clock, 14);
        RetentionJob other = new RetentionJob(db.jdbi(), clock, 14);

        assertThat(one.runDue()).isTrue();
        assertThat(events()).isEqualTo(1);

        doneEvent("old-again", NOW.minus(Duration.ofDays(20)));
        assertThat(other.runDue()).as("the day is taken by the first replica").isFalse();
        assertThat(one.runDue()).isFalse();
        assertThat(events()).isEqualTo(2);

        RetentionJob tomorrow = new RetentionJob(db.jdbi(), Clock.fixed(NOW.plus(Duration.ofDays(1)), ZoneOffset.UTC), 14);
        assertThat(tomorrow.runDue()).isTrue();
        assertThat(events()).isEqualTo(1);
    }
}
