package dev.incidenttimeline.bench;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Three {@code serve} replicas on one PostgreSQL take a stream of events, a tenth of them
 * delivered twice (Slack retries, to another replica). Mid-stream one replica is killed
 * with SIGKILL, PostgreSQL is restarted once, and the Slack API answers 429 and 500 for a
 * while. Every delivery is retried until acknowledged, as Slack does. Afterwards we count
 * the tags that were lost and the ones stored or confirmed twice.
 */
final class FaultRun {
    private FaultRun() {
    }

    static Map<String, Object> run(Path jar, int events, int senders) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        Path dir = Files.createTempDirectory("itl-bench-faults");
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(8)).build();
        try (BenchPostgres pg = new BenchPostgres(dir.resolve("pg")); StubSlack slack = new StubSlack()) {
            BenchSetup.incidentChannel(pg.jdbi());
            List<ServeProcess> replicas = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                replicas.add(new ServeProcess(jar, pg.jdbcUrl(), slack.apiUrl(), dir.resolve("serve-" + i + ".log"),
                        Map.of("TAG_CONFIRMATION", "reaction")));
            }
            for (ServeProcess r : replicas) {
                r.awaitHealthy(Duration.ofSeconds(180));
            }
            List<ServeProcess> alive = new CopyOnWriteArrayList<>(replicas);
            EventLoad load = new EventLoad(0);
            int pairs = events / 2;
            Random random = new Random(42);
            List<EventLoad.Event> deliveries = new ArrayList<>();
            List<EventLoad.Event> retries = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                for (EventLoad.Event e : load.nextPair()) {
                    deliveries.add(e);
                    if (random.nextInt(10) == 0) {
                        retries.add(e);
                    }
                }
            }
            // Retries arrive later in the stream, as Slack's do.
            for (int i = 0; i < retries.size(); i++) {
                int at = Math.min(deliveries.size(), (int) ((long) (i + 1) * deliveries.size() / retries.size()));
                deliveries.add(Math.min(at + i, deliveries.size()), retries.get(i));
            }
            int total = deliveries.size();
            AtomicInteger next = new AtomicInteger();
            AtomicLong attempts = new AtomicLong();
            AtomicLong refused = new AtomicLong();
            long start = System.nanoTime();
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                futures.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < total) {
                        EventLoad.Event e = deliveries.get(i);
                        for (int attempt = 0; ; attempt++) {
                            attempts.incrementAndGet();
                            ServeProcess target = alive.get(Math.floorMod(i + attempt, alive.size()));
                            try {
                                HttpResponse<Void> r = http.send(load.request(target.url(""), e.body(), attempt),
                                        HttpResponse.BodyHandlers.discarding());
                                if (r.statusCode() == 200) {
                                    break;
                                }
                            } catch (Exception ex) {
                                // connection refused or reset: the replica died or PostgreSQL is down
                            }
                            refused.incrementAndGet();
                            Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 4)));
                        }
                    }
                    return null;
                }));
            }
            boolean faulted = false;
            boolean killed = false;
            boolean restarted = false;
            while (next.get() < total) {
                double progress = next.get() / (double) total;
                if (!faulted && progress > 0.2) {
                    slack.faultFor(15_000);
                    faulted = true;
                    out.put("slack_429_500_window_at", "20% of the stream, 15 s");
                }
                if (!killed && progress > 0.4) {
                    ServeProcess victim = replicas.get(1);
                    alive.remove(victim);
                    victim.kill9();
                    killed = true;
                    out.put("replica_killed_at", String.format("%.0f%% of the stream (SIGKILL)", progress * 100));
                }
                if (!restarted && progress > 0.6) {
                    pg.stop();
                    Thread.sleep(3000);
                    pg.start();
                    restarted = true;
                    out.put("postgres_restarted_at", String.format("%.0f%% of the stream (down 3 s)", progress * 100));
                }
                Thread.sleep(50);
            }
            for (var f : futures) {
                f.get();
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            double drain = BenchSetup.awaitInboxDrained(pg.jdbi(), 1800);
            out.put("deliveries", total);
            out.put("duplicate_deliveries", retries.size());
            out.put("delivery_attempts", attempts.get());
            out.put("refused_or_failed_attempts", refused.get());
            out.put("send_seconds", Bench.f(sendSeconds));
            out.put("drain_seconds_after_last_ack", Bench.f(drain));
            out.put("slack_fault_responses", slack.faultsServed.sum());
            var counts = pg.jdbi().withHandle(h -> h.createQuery("""
                    SELECT count(*) AS rows, count(DISTINCT (channel_id, message_ts, kind)) AS distinct_keys
                    FROM timeline_entries WHERE source = 'reaction' AND NOT deleted
                    """).mapToMap().one());
            long rows = ((Number) counts.get("rows")).longValue();
            long distinct = ((Number) counts.get("distinct_keys")).longValue();
            long cached = pg.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM message_cache WHERE channel_id = :c").bind("c", Bench.CHANNEL)
                    .mapTo(Long.class).one());
            long parked = pg.jdbi().withHandle(h -> h.createQuery("""
                    SELECT (SELECT count(*) FROM slack_events WHERE status = 'parked')
                         + (SELECT count(*) FROM slack_effects WHERE status = 'parked')
                    """).mapTo(Long.class).one());
            long doubleConfirmed = slack.confirmations.values().stream().filter(a -> a.sum() > 1).count();
            long confirmed = slack.confirmations.size();
            out.put("tags_expected", pairs);
            out.put("tags_stored", distinct);
            out.put("tags_lost", pairs - distinct);
            out.put("entries_duplicated", rows - distinct);
            out.put("messages_expected", pairs);
            out.put("messages_cached", cached);
            out.put("tag_confirmations_made", confirmed);
            out.put("tag_confirmations_duplicated", doubleConfirmed);
            out.put("parked_after_run", parked);
            for (ServeProcess r : replicas) {
                r.close();
            }
        }
        return out;
    }
}
