package dev.incidenttimeline.bot.incident;

import dev.incidenttimeline.bot.slack.CommandErrorReplies;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.bot.slack.SlackGateway;
import static dev.incidenttimeline.bot.slack.SlackText.channel;

import dev.incidenttimeline.bot.incident.ChannelCreator;
import dev.incidenttimeline.bot.incident.ChannelNames;
import dev.incidenttimeline.bot.incident.IncidentService;
import dev.incidenttimeline.bot.incident.IncidentService.ChannelOutcome;
import dev.incidenttimeline.bot.queue.RetryPolicy;
import dev.incidenttimeline.domain.Incident;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Declaring an incident, after the slash command has been acknowledged.
 *
 * <p>Why in two steps: Slack wants an answer to a slash command within 3 seconds, and
 * {@code conversations.create} is a Tier 2 method that may answer 429 with a
 * {@code Retry-After} of many seconds. So the command stores the incident (INC-n and its
 * {@code declared} entry, one transaction) and acknowledges at once ("Declaring INC-7…");
 * this flow then creates the channel on its own threads, retrying with another name on
 * {@code name_taken} ({@code -2}, {@code -3} …) and after {@code Retry-After} on 429, and
 * reports the outcome through the command's {@code response_url}. Creating the channel and
 * recording it follow claim, call, complete ({@link IncidentService#createChannel}): the name
 * is recorded under a short lease first, Slack is called with no transaction open, and a
 * retry after a lost reply or a failed commit adopts the channel the bot already made
 * instead of creating {@code -2}.
 *
 * <p>Nothing is left half-written: when the channel cannot be created for good, the
 * incident is deleted again and the user is told why. If the process stops in between, the
 * incident is left without a channel and {@link #recoverPending} (run on start) finishes it
 * and tells the declarer by direct message.
 */
public final class DeclareFlow implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeclareFlow.class);
    /** How many names to try ({@code name}, {@code name-2} … {@code name-20}). */
    static final int MAX_NAMES = 20;
    /** How many transient failures (429, 5xx, network, database) to retry. */
    static final int MAX_TRANSIENT_FAILURES = 6;
    /** The longest single wait; a longer {@code Retry-After} is cut to this. */
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    /** 1 s, doubling, at most {@link #MAX_WAIT}; gives up at the {@link #MAX_TRANSIENT_FAILURES}-th failure. */
    static final RetryPolicy RETRY = RetryPolicy.exponential(Duration.ofSeconds(1), MAX_WAIT, MAX_TRANSIENT_FAILURES,
            RetryPolicy.LongRetryAfter.WAIT_CAP);
    /** Incidents younger than this are still being declared by someone; recovery leaves them alone. */
    static final Duration RECOVERY_AGE = Duration.ofMinutes(2);

    private final IncidentService incidents;
    private final ChannelCreator channels;
    private final Clock clock;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
        Thread t = new Thread(r, "declare");
        t.setDaemon(true);
        return t;
    });

    public DeclareFlow(IncidentService incidents, SlackGateway slack, Clock clock) {
        this.incidents = incidents;
        this.clock = clock;
        this.channels = new SlackChannelCreator(slack);
    }

    /**
     * Creates the channel of a just-declared incident in the background.
     *
     * @param reply how to tell the declarer the outcome (response_url, or a DM)
     */
    public void start(Incident incident, Consumer<String> reply) {
        try {
            executor.submit(() -> finish(incident, reply));
        } catch (RejectedExecutionException e) {
            // Shutting down: the incident stays without a channel and is finished on the next start.
            log.warn("{} declared while stopping; its channel is created on the next start", incident.key());
        }
    }

    /** Finishes incidents a stopped process left without a channel; their declarers get a DM. */
    public void recoverPending() {
        try {
            executor.submit(() -> {
                List<Incident> pending = incidents.awaitingChannel(clock.instant().minus(RECOVERY_AGE));
                for (Incident inc : pending) {
                    log.info("{} was declared but has no channel yet; creating it now", inc.key());
                    // One key per distinct message: a replica that only saw "still busy" must not
                    // take the key of the message that carries the channel link.
                    finish(inc, text -> incidents.tell(inc.teamId(), inc.createdBy(),
                            "declare:" + inc.key() + ":recovered:" + Integer.toHexString(text.hashCode()), text));
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("not recovering: stopping");
        }
    }

    /** Step 2, on this flow's thread: create the channel, retrying, and report. */
    void finish(Incident inc, Consumer<String> reply) {
        String base = incidents.channelName(inc);
        // Start from the name an earlier attempt recorded: it may have created that channel.
        int nameAttempt = startingAttempt(base, incidents.channelIntent(inc).orElse(null));
        int failures = 0;
        // Set once Slack made the channel and only recording it failed: then that is recorded.
        IncidentService.ChannelNotRecorded made = null;
        while (true) {
            String name = ChannelNames.attempt(base, nameAttempt);
            try {
                ChannelOutcome outcome = made != null
                        ? incidents.recordChannel(inc.teamId(), inc.number(), made.channelId(), made.name())
                        : incidents.createChannel(inc.teamId(), inc.number(), name, channels);
                if (outcome instanceof ChannelOutcome.Ready r) {
                    send(reply, declared(r.incident()));
                } else if (outcome instanceof ChannelOutcome.Busy) {
                    send(reply, "The channel of " + inc.key() + " is being created; it will show up in a moment"
                            + " (`/incident list`).");
                } else {
                    send(reply, inc.key() + " was removed before its channel was created.");
                }
                return;
            } catch (SlackCallException e) {
                if ("name_taken".equals(e.error()) && nameAttempt < MAX_NAMES) {
                    nameAttempt++;
                    continue;
                }
                Optional<Duration> retry = e.retryable() ? RETRY.next(++failures, e) : Optional.empty();
                if (retry.isPresent()) {
                    Duration wait = retry.get();
                    log.info("{}: conversations.create failed ({}), trying again in {} ms", inc.key(), e.error(),
                            wait.toMillis());
                    if (!pause(wait)) {
                        return;
                    }
                    continue;
                }
                giveUp(inc, reply, "I couldn't create a channel for " + inc.key() + ": "
                        + CommandErrorReplies.slackFailure(e), e);
                return;
            } catch (RuntimeException e) {
                if (e instanceof IncidentService.ChannelNotRecorded notRecorded) {
                    made = notRecorded;
                }
                Optional<Duration> retry = RETRY.next(++failures, true, Optional.empty());
                if (retry.isPresent()) {
                    log.warn("{}: {} its channel failed, trying again: {}", inc.key(),
                            made != null ? "recording" : "creating", e.toString());
                    if (!pause(retry.get())) {
                        return;
                    }
                    continue;
                }
                if (made != null) {
                    // The channel exists: removing the incident would strand it. The next
                    // start's recovery adopts it (its name is the one recorded).
                    log.error("{}: channel {} was made but could not be recorded; it is finished on the next start",
                            inc.key(), made.name(), e);
                    send(reply, "I created a channel for " + inc.key() + " but couldn't record it. "
                            + CommandErrorReplies.reply(e, "declare " + inc.key()) + " I'll finish it when the bot"
                            + " restarts.");
                    return;
                }
                giveUp(inc, reply, "I couldn't create a channel for " + inc.key() + ". "
                        + CommandErrorReplies.reply(e, "declare " + inc.key()), e);
                return;
            }
        }
    }

    static int startingAttempt(String base, String recorded) {
        for (int n = 1; recorded != null && n <= MAX_NAMES; n++) {
            if (ChannelNames.attempt(base, n).equals(recorded)) {
                return n;
            }
        }
        return 1;
    }

    private void giveUp(Incident inc, Consumer<String> reply, String why, Exception cause) {
        boolean removed;
        try {
            removed = incidents.abandon(inc.teamId(), inc.number());
        } catch (RuntimeException e) {
            log.error("{}: could not remove the incident after its channel failed; it is finished on the next"
                    + " start", inc.key(), e);
            send(reply, why + " I'll try again when the bot restarts.");
            return;
        }
        log.warn("{}: no channel could be created ({}); incident removed: {}", inc.key(), cause.getMessage(),
                removed);
        send(reply, why + (removed ? " I removed " + inc.key() + " again, so nothing half-done is left; run"
                + " `/incident declare` once that is fixed." : ""));
    }

    static String declared(Incident inc) {
        return "Declared *" + inc.key() + "*: " + inc.title() + " (" + inc.severity().label()
                + (inc.isPrivate() ? ", private" : "") + "). You're the commander; the incident channel is "
                + channel(inc.channelId()) + ".";
    }

    private static void send(Consumer<String> reply, String text) {
        try {
            reply.accept(text);
        } catch (RuntimeException e) {
            log.warn("could not deliver a declare reply: {}", e.toString());
        }
    }

    private static boolean pause(Duration wait) {
        try {
            Thread.sleep(wait.toMillis());
            return true;
        } catch (InterruptedException e) {
            // Stopping: the incident is finished by the next start's recovery.
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
