package dev.incidenttimeline.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** One {@code serve} replica as its own JVM, started from the product jar. */
final class ServeProcess implements AutoCloseable {
    final int port;
    final Process process;
    final Path log;

    /** The JVM options the README runs {@code serve} with. */
    static final List<String> README_JVM_OPTIONS = List.of("-Xmx128m", "-XX:+UseSerialGC");

    /**
     * The replicas' JVM options: the README's, or {@code BENCH_SERVE_JVM_OPTS} in their place
     * (a profiler, say, or {@code -XX:+UseG1GC} for the JVM's own heap sizing).
     */
    static List<String> jvmOptions(String fromEnv) {
        if (fromEnv == null || fromEnv.isBlank()) {
            return README_JVM_OPTIONS;
        }
        return List.of(fromEnv.strip().split("\\s+"));
    }

    ServeProcess(Path jar, String jdbcUrl, String slackApiUrl, Path log, Map<String, String> extraEnv)
            throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        this.log = log;
        List<String> command = new java.util.ArrayList<>(List.of(javaBin()));
        command.addAll(jvmOptions(System.getenv("BENCH_SERVE_JVM_OPTS")));
        command.addAll(List.of("-jar", jar.toString(), "serve"));
        ProcessBuilder pb = new ProcessBuilder(command);
        Map<String, String> env = pb.environment();
        env.remove("SLACK_APP_TOKEN");
        env.remove("SLACK_CLIENT_ID");
        env.remove("SLACK_CLIENT_SECRET");
        env.put("SLACK_BOT_TOKEN", Bench.TOKEN);
        env.put("SLACK_SIGNING_SECRET", Bench.SECRET);
        env.put("SLACK_API_URL", slackApiUrl);
        env.put("DATABASE_URL", jdbcUrl);
        env.put("PORT", Integer.toString(port));
        env.putAll(extraEnv);
        pb.redirectErrorStream(true).redirectOutput(log.toFile());
        process = pb.start();
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("serve exited early; see " + log + ":\n" + Files.readString(log));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url("/health")))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("serve did not become healthy in " + timeout + "; see " + log);
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Resident set size in MiB, from /proc. */
    double rssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
            }
        }
        return Double.NaN;
    }

    void kill9() {
        process.destroyForcibly();
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
