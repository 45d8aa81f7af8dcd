package dev.incidenttimeline.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed Events API deliveries, as Slack sends them. Events come in pairs: a new message
 * in the incident channel, then a {@code mag} reaction tagging it. Latency is measured
 * from the moment a request was due (no coordinated omission). The paced phases sign every
 * request before they start; the closed-loop maximum is {@link WrkLoad}.
 */
final class EventLoad {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newFixedThreadPool(8)).build();
    private final AtomicLong seq;
    /** Message ts → wall-clock millis when its tagging reaction was due. */
    final Map<String, Long> tagSentAt = new ConcurrentHashMap<>();

    EventLoad(long firstSeq) {
        this.seq = new AtomicLong(firstSeq);
    }

    record Event(String id, String body, String messageTs, boolean isTag) {
    }

    /** The next pair: a message and the reaction that tags it. */
    Event[] nextPair() {
        long n = seq.incrementAndGet();
        String ts = (1_800_000_000L + n / 1000) + "." + String.format("%06d", n % 1000 * 1000);
        String message = "{\"type\":\"message\",\"channel\":\"" + Bench.CHANNEL + "\",\"user\":\"U1\","
                + "\"text\":\"step " + n + ": checked the pool, connections at " + (n % 97) + "%\",\"ts\":\"" + ts
                + "\",\"event_ts\":\"" + ts + "\",\"channel_type\":\"channel\"}";
        String reaction = "{\"type\":\"reaction_added\",\"user\":\"U2\",\"reaction\":\"mag\",\"item\":{\"type\":"
                + "\"message\",\"channel\":\"" + Bench.CHANNEL + "\",\"ts\":\"" + ts + "\"},\"item_user\":\"U1\","
                + "\"event_ts\":\"" + ts + "1\"}";
        return new Event[] {
            new Event("EvM" + n, envelope("EvM" + n, message), ts, false),
            new Event("EvR" + n, envelope("EvR" + n, reaction), ts, true)};
    }

    static String envelope(String id, String event) {
        return "{\"token\":\"x\",\"team_id\":\"" + Bench.TEAM + "\",\"api_app_id\":\"A1\",\"type\":\"event_callback\","
                + "\"event_id\":\"" + id + "\",\"event_time\":1800000000,\"authorizations\":[{\"team_id\":\""
                + Bench.TEAM + "\",\"user_id\":\"UBOT\",\"is_bot\":true}],\"event\":" + event + "}";
    }

    HttpRequest request(String baseUrl, String body, int retryNum) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/slack/events"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("X-Slack-Request-Timestamp", Long.toString(now))
                .header("X-Slack-Signature", sign(now, body))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (retryNum > 0) {
            b.header("X-Slack-Retry-Num", Integer.toString(retryNum)).header("X-Slack-Retry-Reason", "http_timeout");
        }
        return b.build();
    }

    static String sign(long ts, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Bench.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "v0=" + HexFormat.of().formatHex(mac.doFinal(("v0:" + ts + ":" + body).getBytes(StandardCharsets.UTF_8)));
    }

    /** What one phase of load measured. */
    record Result(int sent, int ok, int failed, double seconds, long[] latenciesNanos) {
        double ackedPerSecond() {
            return ok / seconds;
        }
    }

    /** Open loop: {@code rate} events per second for {@code seconds}, spread over the given replicas. */
    Result paced(List<String> baseUrls, int rate, double seconds) throws Exception {
        int total = (int) (rate * seconds);
        long[] lat = new long[total];
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(64);
        // Signed before the phase starts: the generator's HMAC work is not part of what is measured.
        Event[] events = new Event[total];
        HttpRequest[] requests = new HttpRequest[total];
        Event[] pair = null;
        for (int i = 0; i < total; i++) {
            if (i % 2 == 0) {
                pair = nextPair();
            }
            events[i] = pair[i % 2];
            requests[i] = request(baseUrls.get(i % baseUrls.size()), events[i].body(), 0);
        }
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < total; i++) {
            Event e = events[i];
            HttpRequest req = requests[i];
            long due = start + i * interval;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            int idx = i;
            senders.execute(() -> {
                try {
                    if (e.isTag()) {
                        tagSentAt.put(e.messageTs(), System.currentTimeMillis() - (System.nanoTime() - due) / 1_000_000);
                    }
                    HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                    lat[idx] = System.nanoTime() - due;
                    (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                } catch (Exception ex) {
                    lat[idx] = System.nanoTime() - due;
                    failed.incrementAndGet();
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - start) / 1e9;
        return new Result(total, ok.get(), failed.get(), secs, Bench.sorted(lat));
    }

    /** Closed loop: {@code concurrency} senders as fast as acks come back, for {@code seconds}. */
    Result flat(List<String> baseUrls, int concurrency, double seconds) throws Exception {
        long[] lat = new long[5_000_000];
        AtomicInteger n = new AtomicInteger();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService senders = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        for (int c = 0; c < concurrency; c++) {
            int worker = c;
            senders.execute(() -> {
                String base = baseUrls.get(worker % baseUrls.size());
                while (System.nanoTime() < end) {
                    for (Event e : nextPair()) {
                        long t0 = System.nanoTime();
                        try {
                            if (e.isTag()) {
                                tagSentAt.put(e.messageTs(), System.currentTimeMillis());
                            }
                            HttpResponse<Void> r = http.send(request(base, e.body(), 0),
                                    HttpResponse.BodyHandlers.discarding());
                            (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                        } catch (Exception ex) {
                            failed.incrementAndGet();
                        }
                        int i = n.getAndIncrement();
                        if (i < lat.length) {
                            lat[i] = System.nanoTime() - t0;
                        }
                    }
                }
            });
        }
        senders.shutdown();
        senders.awaitTermination(5, TimeUnit.MINUTES);
        double secs = (System.nanoTime() - start) / 1e9;
        long[] used = java.util.Arrays.copyOf(lat, Math.min(n.get(), lat.length));
        return new Result(n.get(), ok.get(), failed.get(), secs, Bench.sorted(used));
    }
}
