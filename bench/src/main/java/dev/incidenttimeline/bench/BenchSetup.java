package dev.incidenttimeline.bench;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.store.IncidentRepository;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Data the runs need: the incident whose channel the events arrive in. */
final class BenchSetup {
    private BenchSetup() {
    }

    static Incident incidentChannel(Jdbi jdbi) {
        IncidentRepository incidents = jdbi.onDemand(IncidentRepository.class);
        return incidents.findByChannel(Bench.TEAM, Bench.CHANNEL).orElseGet(() -> {
            Incident i = incidents.create(new NewIncident(Bench.TEAM, "Benchmark incident", Severity.SEV2, false, "U1",
                    "U1", Instant.parse("2027-01-15T08:00:00Z"), null));
            incidents.setChannel(Bench.TEAM, i.number(), Bench.CHANNEL, "inc-20270115-benchmark");
            return incidents.find(Bench.TEAM, i.number()).orElseThrow();
        });
    }

    /** Waits until the inbox has nothing pending; returns the seconds it took. */
    static double awaitInboxDrained(Jdbi jdbi, long timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!anyPending(jdbi, "slack_events") && !anyPending(jdbi, "slack_effects")) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the inbox did not drain in " + timeoutSeconds + " s");
    }

    /** Waits until no stored event is pending (Slack calls may still be queued); returns the seconds. */
    static double awaitEventsProcessed(Jdbi jdbi, long timeoutSeconds) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeoutSeconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!anyPending(jdbi, "slack_events")) {
                return (System.nanoTime() - start) / 1e9;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("events were not processed in " + timeoutSeconds + " s");
    }

    /**
     * Whether a queue has pending work. An existence check, not a count: counting a backlog
     * of thousands ten times a second took PostgreSQL about 12 ms a count, CPU the product
     * was being measured for.
     */
    private static boolean anyPending(Jdbi jdbi, String queue) {
        return jdbi.withHandle(h -> h.createQuery("SELECT EXISTS (SELECT 1 FROM " + queue
                + " WHERE status = 'pending')").mapTo(Boolean.class).one());
    }

    static List<String> urls(List<ServeProcess> replicas) {
        return replicas.stream().map(r -> r.url("")).toList();
    }
}
