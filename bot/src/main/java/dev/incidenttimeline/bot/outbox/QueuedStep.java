package dev.incidenttimeline.bot.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.bot.slack.SlackText;
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

    /**
     * The step was parked (see {@link WorkProcessor#parked}): tell the person who asked for
     * it, who was promised a file "in a moment". {@code error} is the last failure, of
     * {@code attempts}.
     */
    void parked(Handle h, QueuedWork work, JsonNode payload, int attempts, String error);

    /**
     * What the person who asked is told when a step is parked: what could not be made, how
     * often it was tried, the last failure (cut to 200 characters), and the command that
     * asks again.
     */
    static String failedText(String what, int attempts, String error, String command) {
        return failedText("write", what, attempts, error, command);
    }

    /** {@link #failedText(String, int, String, String)} for what could not be done ({@code verb}) to it. */
    static String failedText(String verb, String what, int attempts, String error, String command) {
        String last = error == null ? "" : error.strip();
        if (last.length() > 200) {
            last = last.substring(0, 200) + "…";
        }
        return "I couldn't " + verb + " " + what + ": it failed " + attempts + (attempts == 1 ? " time" : " times")
                + (last.isEmpty() ? "" : " (last: " + SlackText.escape(last) + ")")
                + ". Run `" + command + "` to try again; if it fails again, the bot's `status` shows what is parked.";
    }

    /** Steps as the effect kinds a feature performs ({@code BotFeature#effectHandlers}). */
    static Map<String, WorkProcessor> byKind(QueuedStep... steps) {
        Map<String, WorkProcessor> byKind = new LinkedHashMap<>();
        for (QueuedStep step : steps) {
            WorkProcessor run = new WorkProcessor() {
                @Override
                public void process(Handle h, QueuedWork work) throws Exception {
                    step.run(h, work, JSON.readTree(work.payload()));
                }

                @Override
                public void parked(Handle h, QueuedWork work, int attempts, String error) throws Exception {
                    step.parked(h, work, JSON.readTree(work.payload()), attempts, error);
                }
            };
            if (byKind.putIfAbsent(step.kind(), run) != null) {
                throw new IllegalArgumentException("two queued steps of kind " + step.kind());
            }
        }
        return byKind;
    }
}
