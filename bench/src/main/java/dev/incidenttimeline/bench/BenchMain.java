package dev.incidenttimeline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench/run.sh <ingest|render|faults>}: prints Markdown tables of medians. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = {
    BenchMain.Ingest.class, BenchMain.Render.class, BenchMain.Faults.class})
public final class BenchMain implements Runnable {
    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static void main(String[] args) {
        // The stub Slack API is a JDK HTTP server: answer without Nagle's delay, as Slack would.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        System.exit(new CommandLine(new BenchMain()).execute(args));
    }

    static Path jar(Path given) {
        Path jar = given != null ? given : Path.of("bot/target/incident-timeline.jar");
        if (!Files.isReadable(jar)) {
            throw new IllegalArgumentException(jar + " is missing; build it first: mvn -B -q package -DskipTests");
        }
        return jar;
    }

    @Command(name = "ingest", description = "Events over HTTP into one serve process, vs raw inserts.")
    static final class Ingest implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "3") int runs;
        @Option(names = "--seconds", defaultValue = "15") double seconds;
        @Option(names = "--concurrency", defaultValue = "32") int concurrency;
        @Option(names = "--jar") Path jar;

        @Override
        public Integer call() throws Exception {
            Map<String, List<Double>> all = new TreeMap<>();
            for (int i = 0; i < runs; i++) {
                Map<String, Double> m = IngestBench.run(jar(jar), seconds, concurrency);
                System.err.println("run " + (i + 1) + ": " + m);
                m.forEach((k, v) -> all.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            }
            System.out.println("Machine: " + Bench.machine() + "; " + runs + " runs of " + seconds + " s phases, "
                    + concurrency + " senders at max\n");
            System.out.println("| figure | median | runs |");
            System.out.println("|---|---|---|");
            all.forEach((k, v) -> System.out.println("| " + k + " | " + Bench.f(Bench.median(v)) + " | "
                    + v.stream().map(Bench::f).toList() + " |"));
            return 0;
        }
    }

    @Command(name = "render", description = "Retro export and weekly report cost as data grows.")
    static final class Render implements Callable<Integer> {
        @Option(names = "--runs", defaultValue = "5") int runs;
        @Option(names = "--entries", split = ",", defaultValue = "1000,10000,100000") int[] entries;
        @Option(names = "--incidents", split = ",", defaultValue = "2000,20000,200000") int[] incidents;

        @Override
        public Integer call() throws Exception {
            Map<String, RenderBench.Measure> m = new LinkedHashMap<>();
            m.putAll(RenderBench.exports(entries, runs));
            m.putAll(RenderBench.reports(incidents, runs));
            System.out.println("Machine: " + Bench.machine() + "; median of " + runs + " runs after a warm-up\n");
            System.out.println("| case | median ms | median MiB allocated | output bytes |");
            System.out.println("|---|---|---|---|");
            m.forEach((k, v) -> System.out.println("| " + k + " | " + Bench.f(v.medianMs()) + " | "
                    + Bench.f(v.medianAllocMiB()) + " | " + v.outputBytes() + " |"));
            return 0;
        }
    }

    @Command(name = "faults", description = "Three replicas, SIGKILL, PostgreSQL restart, Slack 429/500.")
    static final class Faults implements Callable<Integer> {
        @Option(names = "--events", defaultValue = "100000") int events;
        @Option(names = "--senders", defaultValue = "32") int senders;
        @Option(names = "--jar") Path jar;

        @Override
        public Integer call() throws Exception {
            Map<String, Object> m = FaultRun.run(jar(jar), events, senders);
            System.out.println("Machine: " + Bench.machine() + "\n");
            System.out.println("| figure | value |");
            System.out.println("|---|---|");
            m.forEach((k, v) -> System.out.println("| " + k + " | " + v + " |"));
            long lost = ((Number) m.get("tags_lost")).longValue();
            long dup = ((Number) m.get("entries_duplicated")).longValue();
            return lost == 0 && dup == 0 ? 0 : 1;
        }
    }
}
