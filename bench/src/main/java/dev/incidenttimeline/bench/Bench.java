package dev.incidenttimeline.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Shared constants and small statistics. */
final class Bench {
    static final String TEAM = "TBENCH0001";
    static final String CHANNEL = "CBENCH0001";
    static final String SECRET = "bench-signing-secret";
    static final String TOKEN = "xoxb-bench-token-00000000000";

    private Bench() {
    }

    /**
     * Deletes a run's folder (its PostgreSQL data and logs, a few hundred MiB), unless
     * {@code BENCH_KEEP_FILES} is set, to look at the logs afterwards.
     */
    static void deleteRunFolder(java.nio.file.Path dir) throws java.io.IOException {
        if (System.getenv("BENCH_KEEP_FILES") != null) {
            System.err.println("kept " + dir);
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> paths = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        }
    }

    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        if (v.length == 0) {
            return Double.NaN;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** The p-th percentile (0-100) of sorted nanosecond latencies, in milliseconds. */
    static double percentileMs(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) {
            return Double.NaN;
        }
        int i = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(i, sortedNanos.length - 1))] / 1e6;
    }

    static long[] sorted(long[] a) {
        long[] c = a.clone();
        Arrays.sort(c);
        return c;
    }

    static String f(double d) {
        return String.format(Locale.ROOT, d >= 100 ? "%.0f" : "%.1f", d);
    }

    static String machine() {
        Runtime rt = Runtime.getRuntime();
        return rt.availableProcessors() + " cores, " + (rt.maxMemory() >> 20) + " MiB max heap, Java "
                + System.getProperty("java.version") + ", " + System.getProperty("os.name") + " "
                + System.getProperty("os.arch");
    }
}
