package dev.incidenttimeline.store;

import static dev.incidenttimeline.store.StoreFixtures.CHANNEL;
import static dev.incidenttimeline.store.StoreFixtures.T0;
import static dev.incidenttimeline.store.StoreFixtures.TEAM;
import static dev.incidenttimeline.store.StoreFixtures.declare;
import static dev.incidenttimeline.store.StoreFixtures.runTogether;
import static dev.incidenttimeline.store.StoreFixtures.tagged;
import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.TimelineEntry;
import dev.incidenttimeline.store.TimelineRepository.TagResult;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Slack delivers reactions concurrently (several people react at once, and retries arrive
 * while the first delivery is still being processed): whatever the interleaving, a message
 * and kind is one entry and every tagger is recorded.
 */
class TimelineTaggingConcurrencyTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    private static final int THREADS = 8;
    private static final String TS = "1794819600.000100";

    private long inc;

    @BeforeEach
    void setUp() {
        db.truncateAll();
        inc = declare(db.jdbi(), "Concurrent tagging").number();
    }

    @RepeatedTest(5)
    void eightPeopleTaggingTheSameMessageAtOnce_isOneEntry_andRecordsEveryTagger() throws Exception {
        List<Callable<TagResult>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            String user = "U" + i;
            tasks.add(() -> db.jdbi().onDemand(TimelineRepository.class)
                    .tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "Deploy 42 started", user), "pushpin", T0));
        }

        List<TagResult> results = runTogether(tasks);

        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        List<TimelineEntry> entries = timeline.listForMessage(TEAM, CHANNEL, TS);
        assertThat(entries).hasSize(1);
        long id = entries.get(0).id();
        assertThat(results).extracting(r -> r.entry().id()).containsOnly(id);
        assertThat(results).filteredOn(TagResult::created).hasSize(1);
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(THREADS);
        List<String> audit = timeline.listAudit(TEAM, id);
        assertThat(audit).hasSize(THREADS).startsWith("created");
        assertThat(Collections.frequency(audit, "tagged")).isEqualTo(THREADS - 1);
    }

    @RepeatedTest(5)
    void retriedDeliveriesOfOneReactionAtOnce_areOneEntryAndOneTag() throws Exception {
        List<Callable<TagResult>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            tasks.add(() -> db.jdbi().onDemand(TimelineRepository.class)
                    .tag(TEAM, tagged(inc, EntryKind.FINDING, TS, "Pool exhausted", "U1"), "mag", T0));
        }

        List<TagResult> results = runTogether(tasks);

        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).hasSize(1);
        assertThat(results).filteredOn(TagResult::created).hasSize(1);
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "finding")).isEqualTo(1);
        assertThat(timeline.listAudit(TEAM, results.get(0).entry().id())).containsExactly("created");
    }

    @RepeatedTest(5)
    void oneTaggerLeavingWhileAnotherArrives_leavesTheEntryOnTheTimeline() throws Exception {
        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        long id = timeline.tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U1"), "pushpin", T0).entry().id();
        List<Callable<Object>> tasks = List.of(
                () -> db.jdbi().onDemand(TimelineRepository.class)
                        .untag(TEAM, CHANNEL, TS, "pushpin", "U1", EntryKind.EVENT, T0.plusSeconds(1)),
                () -> db.jdbi().onDemand(TimelineRepository.class)
                        .tag(TEAM, tagged(inc, EntryKind.EVENT, TS, "x", "U2"), "pushpin", T0.plusSeconds(1)));

        runTogether(tasks);

        assertThat(timeline.findById(TEAM, id)).hasValueSatisfying(e -> assertThat(e.deleted()).isFalse());
        assertThat(timeline.countTags(TEAM, CHANNEL, TS, "event")).isEqualTo(1);
        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).hasSize(1);
    }

    @Test
    void taggingOneMessageWithDifferentKindsAtOnce_isOneEntryPerKind() throws Exception {
        EntryKind[] kinds = {EntryKind.EVENT, EntryKind.FINDING, EntryKind.ROOT_CAUSE, EntryKind.MITIGATION};
        List<Callable<TagResult>> tasks = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            EntryKind kind = kinds[i % kinds.length];
            String user = "U" + i;
            tasks.add(() -> db.jdbi().onDemand(TimelineRepository.class)
                    .tag(TEAM, tagged(inc, kind, TS, "text", user), kind.code(), T0));
        }

        runTogether(tasks);

        TimelineRepository timeline = db.jdbi().onDemand(TimelineRepository.class);
        assertThat(timeline.listForMessage(TEAM, CHANNEL, TS)).extracting(TimelineEntry::kind)
                .containsExactlyInAnyOrder(kinds);
        for (EntryKind kind : kinds) {
            assertThat(timeline.countTags(TEAM, CHANNEL, TS, kind.code())).isEqualTo(THREADS / kinds.length);
        }
    }
}
