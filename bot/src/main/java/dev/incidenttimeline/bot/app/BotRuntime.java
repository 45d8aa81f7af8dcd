package dev.incidenttimeline.bot.app;

import dev.incidenttimeline.bot.home.AppHomeFeature;
import dev.incidenttimeline.bot.incident.IncidentCommandFeature;
import dev.incidenttimeline.bot.outbox.EffectExecutor;
import dev.incidenttimeline.bot.people.ProfilesFeature;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.EventDispatcher;
import dev.incidenttimeline.bot.slack.SlackApp;
import dev.incidenttimeline.bot.slack.SlackAppFactory;
import dev.incidenttimeline.bot.slack.SlackGateway;
import dev.incidenttimeline.bot.slack.SlackHttpServer;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.slack.api.Slack;
import com.slack.api.bolt.App;
import com.slack.api.bolt.socket_mode.SocketModeApp;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import dev.incidenttimeline.bot.queue.QueueWorker;
import dev.incidenttimeline.bot.queue.WorkQueue;
import dev.incidenttimeline.store.Database;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running bot: the Bolt app served over HTTP or Socket Mode, the inbox and outbox
 * workers, and every feature. Any number of these can share one database.
 */
public final class BotRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BotRuntime.class);

    private final Settings settings;
    private final Database db;
    private final BotContext context;
    private final List<BotFeature> features;
    private final SlackApp app;
    private final QueueWorker inboxWorker;
    private final QueueWorker effectWorker;
    private final AtomicBoolean ready = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private SlackHttpServer http;
    private SocketModeApp socketMode;
    private RecurringJobs jobs;

    /**
     * @param featureFactory builds the features from the shared context (see {@link #standardFeatures})
     */
    public BotRuntime(Settings settings, Database db, Clock clock,
            Function<BotContext, List<BotFeature>> featureFactory) {
        this.settings = settings;
        this.db = db;
        settings.requireSlack();
        Slack slack = SlackAppFactory.slack(settings);
        SlackGateway gateway = new SlackGateway(slack.methods(settings.botToken().orElseThrow()));
        AtomicReference<QueueWorker> effects = new AtomicReference<>();
        this.context = new BotContext(settings, db.jdbi(), clock, gateway, () -> {
            QueueWorker w = effects.get();
            if (w != null) {
                w.wake();
            }
        }, new VisibilityPolicy());
        this.features = featureFactory.apply(context);
        EventDispatcher dispatcher = new EventDispatcher();
        features.forEach(f -> f.registerEvents(dispatcher));
        this.inboxWorker = new QueueWorker(db.jdbi(), WorkQueue.inbox(), dispatcher, clock, 8, Duration.ofMillis(500));
        this.effectWorker = new QueueWorker(db.jdbi(), WorkQueue.effects(), effectExecutor(gateway, settings, features), clock, 10,
                Duration.ofMillis(500));
        effects.set(effectWorker);
        List<java.util.function.Consumer<App>> listeners = new ArrayList<>();
        features.forEach(f -> listeners.add(f::registerSlack));
        this.app = SlackAppFactory.create(settings, slack, db.dataSource(), inboxWorker::wake,
                listeners);
    }

    private static EffectExecutor effectExecutor(SlackGateway gateway, Settings settings, List<BotFeature> features) {
        EffectExecutor executor = new EffectExecutor(gateway, settings.redactor());
        features.forEach(f -> executor.with(f.effectHandlers()));
        return executor;
    }

    /** The features every {@code serve} runs. */
    public static List<BotFeature> standardFeatures(BotContext context) {
        List<BotFeature> list = new ArrayList<>();
        list.addAll(List.of(new IncidentCommandFeature(context), new AppHomeFeature(context), new ProfilesFeature()));
        list.add(new dev.incidenttimeline.bot.capture.live.CaptureFeature(context));
        list.add(new dev.incidenttimeline.bot.actions.AcceptanceFeature(context));
        list.add(new dev.incidenttimeline.bot.tickets.TicketsFeature(context));
        list.add(new dev.incidenttimeline.bot.report.ReportScheduler(context));
        list.add(new dev.incidenttimeline.bot.announce.AnnounceFeature(context));
        list.add(new dev.incidenttimeline.bot.outbox.RetentionJob(context.jdbi(), context.clock(),
                context.settings().retentionDays()));
        return list;
    }

    public BotContext context() {
        return context;
    }

    /** The deliveries being stored right now; while they flood in, the workers step back to one each. */
    public dev.incidenttimeline.bot.slack.DeliveriesInFlight deliveriesInFlight() {
        return app.deliveriesInFlight();
    }

    /** Starts workers, features and the Slack connection. */
    public void start() throws IOException {
        // While Slack's deliveries flood in, one worker of each keeps going and the cores answer Slack.
        java.util.function.BooleanSupplier flooding = app.deliveriesInFlight()::flooding;
        inboxWorker.start(4, flooding);
        effectWorker.start(2, flooding);
        if (settings.socketMode()) {
            // Java-WebSocket rather than the javax Tyrus client: no javax.websocket on the classpath.
            socketMode = new SocketModeApp(settings.appToken().orElseThrow(), app.app(),
                    com.slack.api.socket_mode.SocketModeClient.Backend.JavaWebSocket, 4);
            try {
                socketMode.startAsync();
            } catch (Exception e) {
                throw new IOException("cannot connect to Slack in Socket Mode: " + e.getMessage(), e);
            }
            log.info("connected to Slack in Socket Mode");
        } else {
            java.util.Map<String, jakarta.servlet.http.HttpServlet> routes = new java.util.LinkedHashMap<>();
            features.forEach(f -> routes.putAll(f.httpRoutes()));
            http = new SlackHttpServer(app, settings.host(), settings.port(), this::healthProblem, routes);
            http.start();
        }
        features.forEach(BotFeature::onStart);
        List<RecurringTask<?>> tasks = new ArrayList<>();
        features.forEach(f -> tasks.addAll(f.recurringTasks()));
        if (!tasks.isEmpty()) {
            // db-scheduler runs its own JDBC, on the same pool; it is stopped before the pool closes.
            jobs = new RecurringJobs(db.dataSource(), context.clock(), tasks, RecurringJobs.POLL);
            jobs.start();
        }
        ready.set(true);
    }

    /** Empty when this process can serve: started, and its database answers a query. */
    private java.util.Optional<String> healthProblem() {
        if (!ready.get()) {
            return java.util.Optional.of(closed.get() ? "stopping" : "starting");
        }
        return db.healthProblem();
    }

    /** Stops the HTTP server gracefully (requests in flight finish); nothing else. */
    public void stopHttp() {
        if (http != null) {
            http.stop();
        }
    }

    /** The HTTP port (useful with {@code PORT=0}); -1 in Socket Mode. */
    public int port() {
        return http == null ? -1 : http.port();
    }

    /** Processes every due event and Slack call now (tests, tools). */
    public void drain() {
        while (inboxWorker.drain() + effectWorker.drain() > 0) {
            // keep going: events queue Slack calls, and calls can queue nothing further
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ready.set(false);
        stopHttp();
        if (socketMode != null) {
            try {
                socketMode.stop();
            } catch (Exception e) {
                log.warn("stopping Socket Mode: {}", e.getMessage());
            }
        }
        if (jobs != null) {
            jobs.close();
        }
        features.forEach(BotFeature::onStop);
        inboxWorker.close();
        effectWorker.close();
        try {
            app.app().stop();
        } catch (Exception e) {
            log.debug("stopping the Bolt app", e);
        }
    }
}
