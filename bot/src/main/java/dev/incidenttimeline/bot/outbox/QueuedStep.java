package dev.incidenttimeline.bot.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.store.QueuedWork;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * Work a feature queues in the outbox that is more than one Slack call: rendering a retro or
 * a report and queuing its upload, so that a command can acknowledge at once. The effect
 * worker runs it like any effect (lease, retries, {@code Retry-After}), on a handle with no
 * transaction open: the step opens its own short transactions to read and to queue what it
 * produced, and makes its Slack calls and does its slow work between them, holding no lock.
 *
 * <p>A step may run again after a crash or a failed attempt, so what it queues carries
 * dedupe keys that make a second run change nothing.
 */
public interface QueuedStep {
    ObjectMapper JSON = new ObjectMapper();

    /** The effect kind this step handles ({@code render_retro} …); unique across the bot. */
    String kind();

    /**
     * Runs the step once. An exception means the attempt failed and is retried with backoff
     * (or parked when retrying cannot help, a {@code DomainException}).
     */
    void run(Handle h, QueuedWork work, JsonNode payload) throws Exception;

    /** Steps as the effect kinds a feature performs ({@code BotFeature#effectHandlers}). */
    static Map<String, WorkProcessor> byKind(QueuedStep... steps) {
        Map<String, WorkProcessor> byKind = new LinkedHashMap<>();
        for (QueuedStep step : steps) {
            WorkProcessor run = (h, work) -> step.run(h, work, JSON.readTree(work.payload()));
            if (byKind.putIfAbsent(step.kind(), run) != null) {
                throw new IllegalArgumentException("two queued steps of kind " + step.kind());
            }
        }
        return byKind;
    }
}
