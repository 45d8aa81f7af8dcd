package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.store.InboxWriter;
import dev.incidenttimeline.store.IncidentChannelSet;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores a verified Events API delivery in the durable inbox before Slack gets its 2xx; the
 * one place that decides the answer to a delivery, whichever door it came through (the HTTP
 * endpoint's {@link HttpEventDoor}, or Bolt's chain in Socket Mode through
 * {@link EventInboxMiddleware}). A retry of a stored event is acknowledged and not stored
 * again. When the insert fails the answer is a 500, so Slack delivers it again: an
 * acknowledged event is never lost.
 *
 * <p>Messages, reactions and pins in channels that are not incident channels are
 * acknowledged and dropped: nothing is captured there, and the bot may sit in busy channels
 * such as {@code #general}.
 */
final class EventIntake {
    private static final Logger log = LoggerFactory.getLogger(EventIntake.class);

    /** The answer to a delivery: 200 with no body, or a status with {@code {"error": ...}}. */
    record Answer(int status, String error) {
        static final Answer OK = new Answer(200, null);
    }

    private final InboxWriter inbox;
    private final IncidentChannelSet incidentChannels;
    private final Runnable onStored;
    private final DeliveriesInFlight inFlight;

    EventIntake(InboxWriter inbox, IncidentChannelSet incidentChannels, Runnable onStored,
            DeliveriesInFlight inFlight) {
        this.inbox = inbox;
        this.incidentChannels = incidentChannels;
        this.onStored = onStored;
        this.inFlight = inFlight;
    }

    /** Reads the body and takes it in; a body that is not a JSON object is a 400. */
    Answer accept(byte[] body, String retryNum) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.read(body);
        } catch (IOException e) {
            return new Answer(400, "body is not JSON");
        }
        return accept(envelope, body, retryNum);
    }

    /** Takes in a delivery already read; {@code retryNum} is Slack's {@code X-Slack-Retry-Num}, if any. */
    Answer accept(EventEnvelope envelope, byte[] body, String retryNum) {
        return acceptAsync(envelope, body, retryNum).join();
    }

    /**
     * {@link #accept(EventEnvelope, byte[], String)} without holding the caller's thread while
     * the event's commit is waited for: the answer is complete once the row is committed (on the
     * committer's thread, so what the caller chains on it must not block), or at once when
     * there is nothing to store. It never completes exceptionally.
     */
    CompletableFuture<Answer> acceptAsync(EventEnvelope envelope, byte[] body, String retryNum) {
        if (envelope.teamId() == null || envelope.eventId() == null || envelope.eventType() == null) {
            return CompletableFuture.completedFuture(
                    new Answer(400, "event_callback needs team_id, event_id and event.type"));
        }
        try {
            String channel = envelope.captureChannel();
            if (channel != null && !incidentChannels.contains(envelope.teamId(), channel)) {
                return CompletableFuture.completedFuture(Answer.OK);
            }
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(notStored(envelope, e));
        }
        inFlight.enter();
        // storeAsync reports every failure through its future, so the count is left in handle alone.
        CompletableFuture<Boolean> stored = inbox.storeAsync(envelope.teamId(), envelope.eventId(),
                envelope.eventType(), body, envelope.messageKey());
        return stored.handle((isNew, failure) -> {
            inFlight.leave();
            if (failure != null) {
                return notStored(envelope, failure instanceof CompletionException c ? c.getCause() : failure);
            }
            if (isNew) {
                onStored.run();
            } else {
                log.debug("event {} already stored (retry {})", envelope.eventId(), retryNum);
            }
            return Answer.OK;
        });
    }

    private static Answer notStored(EventEnvelope envelope, Throwable e) {
        log.error("could not store event {} of {}; Slack will retry: {}", envelope.eventId(), envelope.teamId(),
                e.getMessage());
        return new Answer(500, "not stored, please retry");
    }
}
