package dev.incidenttimeline.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The closed-loop load: {@code wrk} replaying deliveries signed before the run, through
 * {@code ingest-replay.lua}, so the generator costs a few string copies per request instead
 * of an HMAC and a Java HTTP client. Pairs are laid out so that a message's tagging reaction
 * follows it by two rounds of the connections, as a reaction follows the message it tags.
 */
final class WrkLoad {
    private static final Pattern TIMES = Pattern.compile("(\\d+)m([\\d.]+)s\\s+(\\d+)m([\\d.]+)s");

    private WrkLoad() {
    }

    /** What one wrk run measured. */
    record Result(long ok, long non2xx, long socketErrors, double seconds, double p50Ms, double p99Ms,
            double generatorCpuSeconds, long wrapped, String output) {
        double ackedPerSecond() {
            return ok / seconds;
        }
    }

    static boolean available() {
        return Files.isExecutable(Path.of("/usr/bin/wrk")) || onPath("wrk");
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code connections} connections on {@code threads} wrk threads, as fast as acks come
     * back, for {@code seconds}; {@code perThread} deliveries are signed for each thread.
     */
    static Result run(EventLoad load, String baseUrl, int threads, int connections, double seconds, int perThread,
            Path dir) throws Exception {
        Files.createDirectories(dir);
        Path script = dir.resolve("ingest-replay.lua");
        try (InputStream in = WrkLoad.class.getResourceAsStream("/ingest-replay.lua")) {
            Files.write(script, in.readAllBytes());
        }
        int lag = 2 * connections / threads;
        for (int t = 0; t < threads; t++) {
            writeRequests(load, dir.resolve("requests-" + t + ".tsv"), perThread, lag);
        }
        String wrk = String.format(Locale.ROOT, "wrk -t%d -c%d -d%ds --timeout 10s -s %s %s -- %s", threads,
                connections, Math.round(seconds), script, baseUrl, dir);
        // bash's `times` prints the CPU its children (wrk) used: the generator's share.
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", wrk + "; times").redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor((long) seconds + 60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed:\n" + out);
        }
        Map<String, String> v = new HashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                v.put(line.substring(0, colon).strip(), line.substring(colon + 2).strip());
            }
        }
        long total = Long.parseLong(v.get("requests-total"));
        long non2xx = Long.parseLong(v.get("non-2xx"));
        long socket = Long.parseLong(v.get("socket-errors"));
        double cpu = 0;
        String[] lines = out.strip().split("\n");
        Matcher m = TIMES.matcher(lines[lines.length - 1]);
        if (m.find()) {
            cpu = Long.parseLong(m.group(1)) * 60 + Double.parseDouble(m.group(2)) + Long.parseLong(m.group(3)) * 60
                    + Double.parseDouble(m.group(4));
        }
        return new Result(total - non2xx, non2xx, socket, seconds,
                Long.parseLong(v.get("latency-p50-us")) / 1000.0, Long.parseLong(v.get("latency-p99-us")) / 1000.0,
                cpu, Long.parseLong(v.get("replay-wrapped")), out);
    }

    /** Signed deliveries, one a line; each reaction {@code lag} lines after the message it tags. */
    private static void writeRequests(EventLoad load, Path file, int count, int lag) throws Exception {
        List<EventLoad.Event> order = new ArrayList<>(count);
        List<EventLoad.Event> reactions = new ArrayList<>();
        int pairs = count / 2;
        for (int i = 0; i < pairs; i++) {
            EventLoad.Event[] pair = load.nextPair();
            order.add(pair[0]);
            reactions.add(pair[1]);
            if (reactions.size() > lag / 2) {
                order.add(reactions.remove(0));
            }
        }
        order.addAll(reactions);
        long now = System.currentTimeMillis() / 1000;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (EventLoad.Event e : order) {
                w.write(Long.toString(now));
                w.write('\t');
                w.write(EventLoad.sign(now, e.body()));
                w.write('\t');
                w.write(e.body());
                w.write('\n');
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not write " + file + ": " + e.getMessage(), e);
        }
    }
}
