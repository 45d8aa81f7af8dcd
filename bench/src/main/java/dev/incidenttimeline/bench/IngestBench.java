package dev.incidenttimeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Ingest: signed message and reaction events over HTTP to one {@code serve} process (Bolt's
 * servlet on Jetty), into the inbox and through the worker, with the stub Slack API on
 * loopback. Measures ack latency at 100/s and 500/s (requests signed before the phase, sent
 * on time by Java senders), the sustained acked rate with many connections ({@code wrk}
 * replaying pre-signed requests, see {@link WrkLoad}), how long a tag takes to reach the
 * timeline, the serve process's resident memory, the CPU that serve, PostgreSQL and the
 * generator used in each phase, and, in the same run, the raw single-row insert rate of the
 * same PostgreSQL for comparison.
 */
final class IngestBench {
    /** wrk threads: one a core of this machine's two; the connections are spread over them. */
    private static final int WRK_THREADS = 2;
    /** The unmeasured closed-loop warm-up, before the paced phases. */
    private static final double WARM_UP_MAX_SECONDS = 6;

    private IngestBench() {
    }

    /** CPU seconds used so far by serve, PostgreSQL and the load generator. */
    private record Cpu(double serve, double postgres, double generator) {
        static Cpu read(long servePid, long postmasterPid, double generator) {
            return new Cpu(ProcessCpu.of(servePid), ProcessCpu.ofTree(postmasterPid), generator);
        }

        /** What a phase of {@code seconds} cost, in cores (CPU seconds per second). */
        Map<String, Double> minus(Cpu before, double seconds) {
            return Map.of("cpu_serve_cores", (serve - before.serve) / seconds,
                    "cpu_postgres_cores", (postgres - before.postgres) / seconds,
                    "cpu_generator_cores", (generator - before.generator) / seconds);
        }
    }

    static Map<String, Double> run(Path jar, double phaseSeconds, int concurrency) throws Exception {
        Map<String, Double> m = new HashMap<>();
        Path dir = Files.createTempDirectory("itl-bench-ingest");
        try {
            runIn(dir, m, jar, phaseSeconds, concurrency);
        } finally {
            Bench.deleteRunFolder(dir);
        }
        m.put("ratio_acked_to_raw_pct", 100 * m.get("max_acked_per_s") / m.get("raw_inserts_per_s"));
        return m;
    }

    private static void runIn(Path dir, Map<String, Double> m, Path jar, double phaseSeconds, int concurrency)
            throws Exception {
        try (BenchPostgres pg = new BenchPostgres(dir.resolve("pg"));
                StubSlack slack = new StubSlack()) {
            BenchSetup.incidentChannel(pg.jdbi());
            try (ServeProcess serve = new ServeProcess(jar, pg.jdbcUrl(), slack.apiUrl(), dir.resolve("serve.log"),
                    Map.of("TAG_CONFIRMATION", "reaction"))) {
                serve.awaitHealthy(Duration.ofSeconds(120));
                EventLoad load = new EventLoad(System.nanoTime() % 1_000_000_000L);
                List<String> urls = List.of(serve.url(""));
                long postmaster = pg.postmasterPid();
                long servePid = serve.process.pid();
                // Warm-up, long enough for the JIT to compile the hot paths: after the 3 s at 50/s used
                // before, its compiler threads took 0.2 to 0.6 cores all through the paced phases, and
                // the code they measured was not yet compiled.
                load.paced(urls, 300, 30);
                BenchSetup.awaitInboxDrained(pg.jdbi(), 120);
                if (WrkLoad.available()) {
                    // Then the closed-loop maximum once, unmeasured: after the paced warm-up alone, a
                    // per-thread CPU sample of serve showed its compiler threads at 0.16 to 0.53 cores all
                    // through the measured maximum (10,000 requests a second reach code paths and
                    // compile thresholds that 300 a second do not), so that phase measured the JIT too.
                    WrkLoad.run(load, serve.url(""), WRK_THREADS, concurrency, WARM_UP_MAX_SECONDS,
                            signedPerThread(WARM_UP_MAX_SECONDS), dir.resolve("wrk-warm-up"));
                    BenchSetup.awaitInboxDrained(pg.jdbi(), 900);
                }
                // What autovacuum does within a minute of a new deployment: statistics, taken
                // now from a quiet queue. Without them every statement planned while the tables
                // were empty keeps that plan (a sequential scan of a table that has since grown).
                // And the dead rows of the warm-up's maximum vacuumed now, as autovacuum would in
                // the quiet after it, rather than during the measured paced phases.
                pg.jdbi().useHandle(h -> h.execute("VACUUM ANALYZE"));
                m.put("rss_idle_mib", serve.rssMiB());
                for (int rate : new int[] {100, 500}) {
                    load.tagSentAt.clear();
                    Cpu before = Cpu.read(servePid, postmaster, ProcessCpu.self());
                    EventLoad.Result r = load.paced(urls, rate, phaseSeconds);
                    m.put("rss_load_mib_at_" + rate, serve.rssMiB());
                    Cpu.read(servePid, postmaster, ProcessCpu.self()).minus(before, r.seconds())
                            .forEach((k, v) -> m.put(k + "_at_" + rate, v));
                    m.put("p50_ms_at_" + rate, Bench.percentileMs(r.latenciesNanos(), 50));
                    m.put("p99_ms_at_" + rate, Bench.percentileMs(r.latenciesNanos(), 99));
                    m.put("failed_at_" + rate, (double) r.failed());
                    BenchSetup.awaitInboxDrained(pg.jdbi(), 300);
                    tagVisibility(pg, load.tagSentAt).forEach((k, v) -> m.put(k + "_at_" + rate, v));
                }
                long eventsAtMax;
                double maxSeconds;
                pg.resetStatements();
                if (WrkLoad.available()) {
                    int perThread = signedPerThread(phaseSeconds);
                    Cpu before = Cpu.read(servePid, postmaster, 0);
                    WrkLoad.Result max = WrkLoad.run(load, serve.url(""), WRK_THREADS, concurrency, phaseSeconds,
                            perThread, dir.resolve("wrk"));
                    m.put("rss_load_mib", serve.rssMiB());
                    Cpu.read(servePid, postmaster, max.generatorCpuSeconds()).minus(before, max.seconds())
                            .forEach((k, v) -> m.put(k + "_at_max", v));
                    m.put("max_acked_per_s", max.ackedPerSecond());
                    m.put("p50_ms_at_max", max.p50Ms());
                    m.put("p99_ms_at_max", max.p99Ms());
                    m.put("failed_at_max", (double) (max.non2xx() + max.socketErrors()));
                    m.put("replay_wrapped_at_max", (double) max.wrapped());
                    eventsAtMax = max.ok();
                    maxSeconds = max.seconds();
                } else {
                    System.err.println("wrk not found: the closed-loop phase uses the Java senders (their HMAC"
                            + " and HTTP client work share the cores with serve); install it with apt-get install wrk");
                    Cpu before = Cpu.read(servePid, postmaster, ProcessCpu.self());
                    load.tagSentAt.clear();
                    EventLoad.Result max = load.flat(urls, concurrency, phaseSeconds);
                    m.put("rss_load_mib", serve.rssMiB());
                    Cpu.read(servePid, postmaster, ProcessCpu.self()).minus(before, max.seconds())
                            .forEach((k, v) -> m.put(k + "_at_max", v));
                    m.put("max_acked_per_s", max.ackedPerSecond());
                    m.put("p50_ms_at_max", Bench.percentileMs(max.latenciesNanos(), 50));
                    m.put("p99_ms_at_max", Bench.percentileMs(max.latenciesNanos(), 99));
                    m.put("failed_at_max", (double) max.failed());
                    eventsAtMax = max.ok();
                    maxSeconds = max.seconds();
                }
                double eventsDrained = BenchSetup.awaitEventsProcessed(pg.jdbi(), 900);
                m.put("processed_per_s_at_max", eventsAtMax / (maxSeconds + eventsDrained));
                double drain = BenchSetup.awaitInboxDrained(pg.jdbi(), 900);
                m.put("slack_calls_drained_s_after_max", drain + eventsDrained);
                m.put("rss_after_mib", serve.rssMiB());
                pg.writeStatements();
            }
            m.put("raw_inserts_per_s", rawInsertRate(pg, concurrency, phaseSeconds));
            m.put("raw_inserts_per_s_1conn", rawInsertRate(pg, 1, phaseSeconds));
        }
    }

    /** Deliveries to sign for each wrk thread: enough for the fastest ack rate this machine could reach, twice over. */
    private static int signedPerThread(double seconds) {
        return (int) Math.max(20_000, 12_000 * seconds / WRK_THREADS);
    }

    /** p50/p99 of (entry stored − tagging reaction due), over every tag of the closed-loop phase. */
    private static Map<String, Double> tagVisibility(BenchPostgres pg, Map<String, Long> sentAt) {
        Map<String, Double> out = new HashMap<>();
        List<Long> lags = pg.jdbi().withHandle(h -> h.createQuery("""
                SELECT (extract(epoch FROM e.created_at) * 1000)::bigint AS stored, e.message_ts
                FROM timeline_entries e WHERE e.source = 'reaction'
                """).map((rs, ctx) -> new Object[] {rs.getLong(1), rs.getString(2)}).list())
                .stream().map(o -> (Object[]) o).filter(o -> sentAt.containsKey((String) o[1]))
                .map(o -> (Long) o[0] - sentAt.get((String) o[1])).toList();
        long[] nanos = lags.stream().mapToLong(l -> Math.max(0, l) * 1_000_000L).sorted().toArray();
        out.put("tag_visible_p50_ms", Bench.percentileMs(nanos, 50));
        out.put("tag_visible_p99_ms", Bench.percentileMs(nanos, 99));
        out.put("tags_measured", (double) nanos.length);
        return out;
    }

    /** Single-row INSERTs in autocommit, {@code threads} connections, as fast as they go. */
    static double rawInsertRate(BenchPostgres pg, int threads, double seconds) throws Exception {
        try (Connection c = pg.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS bench_raw_insert (id bigserial PRIMARY KEY, team_id text, "
                    + "event_id text, payload jsonb, received_at timestamptz DEFAULT now())");
        }
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        List<java.util.concurrent.Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                try (Connection c = pg.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO bench_raw_insert (team_id, event_id, payload) VALUES (?, ?, CAST(? AS jsonb))")) {
                    c.setAutoCommit(true);
                    long i = 0;
                    while (System.nanoTime() < end) {
                        ps.setString(1, Bench.TEAM);
                        ps.setString(2, Thread.currentThread().getName() + "-" + i++);
                        ps.setString(3, "{\"type\":\"event_callback\",\"event\":{\"type\":\"message\"}}");
                        ps.executeUpdate();
                        rows.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (var f : futures) {
            f.get();
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return rows.get() / ((System.nanoTime() - start) / 1e9);
    }
}
