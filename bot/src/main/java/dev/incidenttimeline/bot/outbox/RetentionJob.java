package dev.incidenttimeline.bot.outbox;

import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.store.JobRunRepository;
import dev.incidenttimeline.store.RetentionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes done inbox events, done Slack calls and old replay-guard keys once they are older than
 * {@code RETENTION_DAYS}. Each UTC day is claimed in {@code job_runs}, so one replica runs it once a day;
 * every replica checks often, so a day is not skipped when the replica that would have run it is down.
 */
public final class RetentionJob implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    static final String KIND = "retention";
    /** job_runs is keyed by team; retention covers every team's rows in one run. */
    static final String ALL_TEAMS = "*";

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration retention;
    private final String runner = "replica-" + UUID.randomUUID().toString().substring(0, 8);
    private ScheduledExecutorService timer;

    public RetentionJob(Jdbi jdbi, Clock clock, int retentionDays) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retention = Duration.ofDays(retentionDays);
    }

    @Override
    public void onStart() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "retention");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(() -> {
            try {
                runDue();
            } catch (RuntimeException e) {
                log.warn("retention: {}", e.getMessage());
            }
        }, 1, 10, TimeUnit.MINUTES);
    }

    @Override
    public void onStop() {
        if (timer != null) {
            // a run in progress finishes its batch rather than being cut off mid-statement
            timer.shutdown();
            try {
                timer.awaitTermination(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs today's retention unless some replica already has; true when this one ran it. */
    public boolean runDue() {
        Instant now = clock.instant();
        String day = LocalDate.ofInstant(now, ZoneOffset.UTC).toString();
        JobRunRepository jobs = jdbi.onDemand(JobRunRepository.class);
        if (!jobs.claim(ALL_TEAMS, KIND, day, runner, now)) {
            return false;
        }
        RetentionRepository.Purged purged = jdbi.onDemand(RetentionRepository.class).purge(now.minus(retention));
        jobs.finish(ALL_TEAMS, KIND, day, clock.instant());
        log.info("retention: deleted {} done events, {} done Slack calls and {} request keys older than {} days",
                purged.events(), purged.effects(), purged.requests(), retention.toDays());
        return true;
    }
}
