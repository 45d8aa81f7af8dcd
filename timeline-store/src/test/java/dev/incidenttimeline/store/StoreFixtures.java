package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.EntryKind;
import dev.incidenttimeline.domain.EntrySource;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewEntry;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SlackTs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/** Small builders shared by the store tests: one workspace, fixed times, a declared incident. */
final class StoreFixtures {
    static final String TEAM = "T0001";
    static final String OTHER_TEAM = "T0002";
    static final String CHANNEL = "C0INC1";
    /** Monday of ISO week 2026-W47. */
    static final Instant T0 = Instant.parse("2026-11-16T09:00:00Z");

    private StoreFixtures() {
    }

    static NewIncident newIncident(String title, Severity severity, Instant declaredAt) {
        return new NewIncident(TEAM, title, severity, false, "U_IC", "U_IC", declaredAt, null);
    }

    static Incident declare(Jdbi jdbi, String title) {
        return jdbi.onDemand(IncidentRepository.class).create(newIncident(title, Severity.SEV2, T0));
    }

    static Incident declare(Jdbi jdbi, String teamId, String title, Severity severity, Instant declaredAt) {
        return jdbi.onDemand(IncidentRepository.class)
                .create(new NewIncident(teamId, title, severity, false, "U_IC", "U_IC", declaredAt, null));
    }

    /** A message in the incident channel, tagged by {@code taggedBy}. */
    static NewEntry tagged(long incident, EntryKind kind, String messageTs, String text, String taggedBy) {
        return new NewEntry(incident, kind, EntrySource.REACTION, SlackTs.toInstant(messageTs),
                "U_AUTHOR", text, CHANNEL, messageTs, null, null, taggedBy);
    }

    static NewEntry note(long incident, Instant at, String text) {
        return NewEntry.of(incident, EntryKind.NOTE, EntrySource.COMMAND, at, "U_IC", text);
    }

    /**
     * Runs {@code tasks} on their own threads, released together by a start gate so that they
     * hit the database at the same moment; returns their results in task order.
     */
    static <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        CyclicBarrier gate = new CyclicBarrier(tasks.size());
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    gate.await(30, TimeUnit.SECONDS);
                    return task.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
