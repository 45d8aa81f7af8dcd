package dev.incidenttimeline.bot.tickets;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.incidenttimeline.bot.queue.WorkProcessor;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.domain.ActionTicket;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.EffectRepository;
import dev.incidenttimeline.store.TicketRepository;
import jakarta.servlet.http.HttpServlet;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ticket sync in the running bot: its outbox effects, the webhooks on the HTTP port, and
 * the hourly check that catches what webhooks missed (each ticket of an open item is read
 * again, and an item whose ticket could not be made is given another try), claimed once an
 * hour across replicas.
 */
public final class TicketsFeature implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(TicketsFeature.class);
    static final String JOB = "ticket-reconcile";
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH")
            .withZone(ZoneOffset.UTC);
    /** Items added longer ago than this get no ticket from the hourly check (turning TICKETS on is not a flood). */
    static final Duration BACKFILL = Duration.ofDays(30);

    private final BotContext ctx;
    private final TicketSync sync;

    public TicketsFeature(BotContext ctx) {
        this.ctx = ctx;
        this.sync = new TicketSync(ctx.settings(), TrackerClient.of(ctx.settings().tickets(), ctx.clock()),
                ctx.slack(), ctx.clock());
        if (ctx.settings().tickets().enabled() && ctx.settings().tickets().webhookSecret().isEmpty()) {
            log.warn("TICKETS={} without TICKETS_WEBHOOK_SECRET: webhooks are refused, changes made in the tracker"
                    + " arrive with the hourly check", ctx.settings().tickets().tracker().get().code());
        }
    }

    @Override
    public Map<String, WorkProcessor> effectHandlers() {
        return sync.effectHandlers();
    }

    @Override
    public Map<String, HttpServlet> httpRoutes() {
        return Map.of("/webhooks/*", new TicketWebhookServlet(ctx.jdbi(), ctx.settings().tickets(), sync,
                ctx.clock(), ctx.wakeEffects()));
    }

    /** The hourly check, on the process's one scheduler: once an hour across all replicas. */
    @Override
    public List<RecurringTask<?>> recurringTasks() {
        if (!ctx.settings().tickets().enabled()) {
            return List.of();
        }
        return List.of(RecurringJobs.task(JOB, Schedules.fixedDelay(Duration.ofHours(1)), this::reconcile));
    }

    /**
     * The hourly check, for every team: queues a read of each ticket of an open item, and
     * another try for each recent open item without a ticket (keyed by the hour, so a second
     * run within it queues nothing).
     * Returns how many calls it queued.
     */
    public int reconcile() {
        Optional<TrackerClient> tracker = sync.tracker();
        if (tracker.isEmpty()) {
            return 0;
        }
        Instant now = ctx.clock().instant();
        String hour = HOUR.format(now.truncatedTo(ChronoUnit.HOURS));
        int queued = ctx.jdbi().inTransaction(h -> {
            int n = 0;
            for (String team : AttachedRepositories.of(h, TicketRepository.class).listTeams()) {
                EffectRepository effects = AttachedRepositories.of(h, EffectRepository.class);
                for (ActionTicket t : AttachedRepositories.of(h, TicketRepository.class).listToReconcile(team)) {
                    if (!t.tracker().equals(tracker.get().code())) {
                        continue;
                    }
                    String item = t.incidentNumber() + "#" + t.number();
                    n += effects.enqueue(team, "ticket-refresh:" + item + ":" + hour, TicketSync.REFRESH,
                            TicketSync.payload(item, t.incidentNumber(), t.number(), false), "ticket:" + item, false)
                            ? 1 : 0;
                }
                for (String item : AttachedRepositories.of(h, TicketRepository.class).listMissingTickets(team, now.minus(BACKFILL))) {
                    String[] parts = item.split("#");
                    n += effects.enqueue(team, "ticket-create:" + item + ":" + hour, TicketSync.CREATE,
                            TicketSync.payload(item, Long.parseLong(parts[0]), Integer.parseInt(parts[1]), true),
                            "ticket:" + item, false) ? 1 : 0;
                }
            }
            return n;
        });
        if (queued > 0) {
            ctx.wakeEffects().run();
        }
        return queued;
    }
}
