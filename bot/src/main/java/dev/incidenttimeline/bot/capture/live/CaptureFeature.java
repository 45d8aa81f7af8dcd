package dev.incidenttimeline.bot.capture.live;

import dev.incidenttimeline.bot.capture.TimelineCapture;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.EventDispatcher;
import com.slack.api.model.event.MemberJoinedChannelEvent;
import com.slack.api.model.event.MemberLeftChannelEvent;
import com.slack.api.model.event.MessageChangedEvent;
import com.slack.api.model.event.MessageDeletedEvent;
import com.slack.api.model.event.MessageEvent;
import com.slack.api.model.event.PinAddedEvent;
import com.slack.api.model.event.PinRemovedEvent;
import com.slack.api.model.event.ReactionAddedEvent;
import com.slack.api.model.event.ReactionRemovedEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live timeline capture: the message cache of incident channels, tagging by reaction and by
 * pin, edits and deletes of tagged messages, participants; and, once the app is up,
 * reconciliation of every open incident.
 *
 * <p>Every handler runs inside the inbox worker's transaction for its event, which a
 * delivery retried by Slack never reaches twice (the inbox is unique on {@code event_id}).
 * The handlers are also idempotent in themselves, because the same reaction can arrive under
 * two event ids and the same message can be tagged by several people on several replicas.
 */
public final class CaptureFeature implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(CaptureFeature.class);

    private final MessageEventHandler messages;
    private final ReactionTagHandler reactions;
    private final PinHandler pins;
    private final ParticipantHandler participants;
    private final Reconciler reconciler;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "reconcile");
        t.setDaemon(true);
        return t;
    });
    private volatile CompletableFuture<Reconciler.Result> startup = new CompletableFuture<>();

    public CaptureFeature(BotContext ctx) {
        Settings s = ctx.settings();
        TimelineCapture capture = new TimelineCapture(s.reactions(), s.zone(), s.redactor());
        MessageResolver resolver = new MessageResolver(ctx.slack());
        this.messages = new MessageEventHandler(capture, resolver, ctx.clock());
        this.reactions = new ReactionTagHandler(new TagRecorder(capture, s.tagConfirmation()), resolver, ctx.clock());
        this.pins = new PinHandler(s.pinsAreEvents(), s.zone(), s.redactor(), resolver, ctx.clock());
        this.participants = new ParticipantHandler(capture, ctx.clock());
        this.reconciler = new Reconciler(ctx);
    }

    @Override
    public void registerEvents(EventDispatcher events) {
        // MessageEvent also receives every message subtype without a class registered here.
        events.on(MessageEvent.class, messages::posted)
                .on(MessageChangedEvent.class, messages::changed)
                .on(MessageDeletedEvent.class, messages::deleted)
                .on(ReactionAddedEvent.class, reactions::added)
                .on(ReactionRemovedEvent.class, reactions::removed)
                .on(PinAddedEvent.class, pins::added)
                .on(PinRemovedEvent.class, pins::removed)
                .on(MemberJoinedChannelEvent.class, participants::joined)
                .on(MemberLeftChannelEvent.class, participants::left);
    }

    /** Reconciles every open incident in the background, so that start-up is not held up by Slack. */
    @Override
    public void onStart() {
        startup = CompletableFuture.supplyAsync(reconciler::reconcileOpenIncidents, background)
                .whenComplete((result, error) -> {
                    if (error != null) {
                        log.warn("start-up reconciliation failed: {}", error.getMessage());
                    }
                });
    }

    @Override
    public void onStop() {
        background.shutdownNow();
        try {
            if (!background.awaitTermination(20, TimeUnit.SECONDS)) {
                log.warn("start-up reconciliation still running at stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Reconciles one incident on demand ({@code resolve}); see {@link Reconciler#reconcile}. */
    public Reconciler reconciler() {
        return reconciler;
    }

    /** The reconciliation started by {@link #onStart()}; completes when it is done. */
    public CompletableFuture<Reconciler.Result> startupReconciliation() {
        return startup;
    }
}
