package dev.incidenttimeline.bot.tickets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

/**
 * JSON over HTTP to a tracker, with bounded timeouts (well inside the outbox lease). Any
 * answer of 400 and up becomes a {@link TrackerException}; 429 and 5xx and no answer are
 * worth retrying, and a {@code Retry-After} (seconds or an HTTP date) is honoured.
 */
final class TrackerHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String tracker;
    private final Map<String, String> headers;
    private final Clock clock;

    TrackerHttp(String tracker, Map<String, String> headers, Clock clock) {
        this.tracker = tracker;
        this.headers = headers;
        this.clock = clock;
    }

    /** The answer's JSON (null for an empty body); {@code body} null sends none. */
    JsonNode call(String method, String url, JsonNode body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        headers.forEach(b::header);
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        String what = tracker + " " + method + " " + URI.create(url).getRawPath();
        HttpResponse<String> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new TrackerException(what + ": no answer (" + e.getClass().getSimpleName() + ")", 0, true,
                    Optional.empty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TrackerException(what + ": interrupted", 0, true, Optional.empty());
        }
        int status = r.statusCode();
        if (status >= 400) {
            boolean retry = status == 429 || status >= 500 || status == 408;
            Optional<Duration> after = r.headers().firstValue("Retry-After").flatMap(this::retryAfter);
            throw new TrackerException(what + " answered " + status + errorDetail(r.body()), status, retry, after);
        }
        String text = r.body();
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new TrackerException(what + " answered " + status + " with a body that is not JSON", status, false,
                    Optional.empty());
        }
    }

    /** A short reason from the tracker's error body (its own messages, never our request). */
    private static String errorDetail(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode n = JSON.readTree(body);
            String msg = n.path("message").asText(n.path("errorMessages").path(0).asText(
                    n.path("errors").path(0).path("message").asText("")));
            if (msg.isEmpty() && n.path("errors").isObject()) {
                msg = n.path("errors").toString();
            }
            msg = msg.replaceAll("\\s+", " ");
            return msg.isEmpty() ? "" : ": " + (msg.length() > 200 ? msg.substring(0, 200) : msg);
        } catch (IOException e) {
            return "";
        }
    }

    Optional<Duration> retryAfter(String v) {
        Duration d;
        try {
            d = Duration.ofSeconds(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            try {
                Instant at = ZonedDateTime.parse(v.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                d = Duration.between(clock.instant(), at);
            } catch (DateTimeParseException e2) {
                return Optional.empty();
            }
        }
        if (d.isNegative()) {
            d = Duration.ZERO;
        }
        return Optional.of(d.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : d);
    }
}
