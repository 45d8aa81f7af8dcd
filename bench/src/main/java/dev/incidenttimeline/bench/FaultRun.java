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
 * delivered twice (Slack retries, to another replica), in shuffled order (a reaction may
 * come before its message), and {@code /incident declare} commands throughout, a burst of
 * them to the replica that is then killed with SIGKILL while it creates their channels.
 * PostgreSQL is restarted once, and the Slack API answers 429 and 500 for a while. Every
 * delivery is retried until acknowledged, as Slack does; the killed replica is started
 * again once its unfinished declares are old enough to be recovered. Afterwards we count
 * the tags that were lost and the ones stored or confirmed twice, the incidents and
 * channels declared (none twice, none without its channel, no orphan channel) and the
 * visible posts made twice.
 */
final class FaultRun {
    private FaultRun() {
    }

    /** Block size of the shuffle of the delivery order. */
    static final int SHUFFLE_BLOCK = 64;
    /** How old an incident without a channel must be before a starting replica finishes it (DeclareFlow). */
    static final Duration RECOVERY_AGE = Duration.ofMinutes(2);

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
            // Slack does not promise delivery order: shuffle within blocks, seeded.
            Random shuffle = new Random(7);
            for (int from = 0; from < deliveries.size(); from += SHUFFLE_BLOCK) {
                java.util.Collections.shuffle(deliveries.subList(from, Math.min(deliveries.size(),
                        from + SHUFFLE_BLOCK)), shuffle);
            }
            out.put("delivery_order", "shuffled in blocks of " + SHUFFLE_BLOCK + " (seed 7)");
            int total = deliveries.size();
            int declares = Math.max(20, events / 500);
            int burst = 10;
            AtomicInteger nextDeclare = new AtomicInteger();
            AtomicLong declareAttempts = new AtomicLong();
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
            long killedAt = 0;
            ServeProcess victim = replicas.get(1);
            int steady = declares - burst;
            while (next.get() < total) {
                double progress = next.get() / (double) total;
                // Declares spread over the stream, to the live replicas in turn.
                while (nextDeclare.get() < steady && nextDeclare.get() < progress * steady) {
                    int n = nextDeclare.getAndIncrement();
                    declare(http, alive, n, slack, declareAttempts);
                }
                if (!faulted && progress > 0.2) {
                    slack.faultFor(15_000);
                    faulted = true;
                    out.put("slack_429_500_window_at", "20% of the stream, 15 s");
                }
                if (!killed && progress > 0.4) {
                    // A burst of declares to the victim, acknowledged (stored), then SIGKILL while
                    // it is creating their channels.
                    List<java.util.concurrent.CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int b = 0; b < burst; b++) {
                        int n = steady + b;
                        acks.add(java.util.concurrent.CompletableFuture.runAsync(() -> declare(http,
                                List.of(victim), n, slack, declareAttempts)));
                    }
                    for (var a : acks) {
                        a.get();
                    }
                    alive.remove(victim);
                    victim.kill9();
                    killedAt = System.nanoTime();
                    killed = true;
                    out.put("replica_killed_at", String.format("%.0f%% of the stream (SIGKILL), right after %d declares"
                            + " it acknowledged", progress * 100, burst));
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
            while (nextDeclare.get() < steady) {
                declare(http, alive, nextDeclare.getAndIncrement(), slack, declareAttempts);
            }
            double sendSeconds = (System.nanoTime() - start) / 1e9;
            double drain = BenchSetup.awaitInboxDrained(pg.jdbi(), 1800);
            // The killed replica comes back (as an orchestrator would restart it) once its
            // unfinished declares are old enough to be recovered by a starting replica.
            long waitNanos = killedAt + RECOVERY_AGE.plusSeconds(5).toNanos() - System.nanoTime();
            if (waitNanos > 0) {
                Thread.sleep(waitNanos / 1_000_000);
            }
            ServeProcess again = new ServeProcess(jar, pg.jdbcUrl(), slack.apiUrl(), dir.resolve("serve-1-again.log"),
                    Map.of("TAG_CONFIRMATION", "reaction"));
            replicas.add(again);
            again.awaitHealthy(Duration.ofSeconds(180));
            out.put("killed_replica_started_again", "after the stream, " + RECOVERY_AGE.plusSeconds(5).toSeconds()
                    + " s after the kill");
            awaitChannels(pg, declares, Duration.ofMinutes(5));
            BenchSetup.awaitInboxDrained(pg.jdbi(), 1800);
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
            var declared = pg.jdbi().withHandle(h -> h.createQuery("""
                    SELECT count(*) AS rows, count(DISTINCT title) AS titles,
                           count(*) FILTER (WHERE channel_id IS NULL) AS without_channel
                    FROM incidents WHERE title LIKE :p
                    """).bind("p", DeclareLoad.TITLE_PREFIX + "%").mapToMap().one());
            List<String> channelIds = pg.jdbi().withHandle(h -> h.createQuery(
                    "SELECT channel_id FROM incidents WHERE channel_id IS NOT NULL").mapTo(String.class).list());
            long orphans = slack.channelsByName.values().stream().filter(id -> !channelIds.contains(id)).count();
            out.put("declares_sent / attempts", declares + " / " + declareAttempts.get());
            out.put("incidents_declared", ((Number) declared.get("rows")).longValue());
            out.put("incidents_declared_twice", ((Number) declared.get("rows")).longValue()
                    - ((Number) declared.get("titles")).longValue());
            out.put("incidents_lost", declares - ((Number) declared.get("titles")).longValue());
            out.put("incidents_without_channel", ((Number) declared.get("without_channel")).longValue());
            out.put("channels_created_in_slack", slack.channelsByName.size());
            out.put("orphan_channels", orphans);
            out.put("visible_posts (chat.postMessage)", slack.count("chat.postMessage"));
            out.put("retried_posts_that_looked_for_themselves", slack.postLookups.sum());
            out.put("repeated_visible_posts", slack.repeatedPosts());
            out.put("parked_after_run", parked);
            for (ServeProcess r : replicas) {
                r.close();
            }
        } finally {
            Bench.deleteRunFolder(dir);
        }
        return out;
    }

    /** Sends one declare to the replicas in turn until one acknowledges it (200), as a user retrying would. */
    private static void declare(HttpClient http, List<ServeProcess> targets, int n, StubSlack slack,
            AtomicLong attempts) {
        String body = DeclareLoad.body(n, slack.baseUrl());
        for (int attempt = 0; ; attempt++) {
            attempts.incrementAndGet();
            try {
                ServeProcess target = targets.get(Math.floorMod(n + attempt, targets.size()));
                HttpResponse<Void> r = http.send(DeclareLoad.request(target.url(""), body),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (Exception ex) {
                // refused or reset: try again, elsewhere
            }
            try {
                Thread.sleep(Math.min(2000, 100L << Math.min(attempt, 4)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Waits until every declared incident has its channel (or the timeout passes). */
    private static void awaitChannels(BenchPostgres pg, int declares, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long ready = pg.jdbi().withHandle(h -> h.createQuery(
                    "SELECT count(*) FROM incidents WHERE title LIKE :p AND channel_id IS NOT NULL")
                    .bind("p", DeclareLoad.TITLE_PREFIX + "%").mapTo(Long.class).one());
            if (ready >= declares) {
                return;
            }
            Thread.sleep(250);
        }
    }
}
