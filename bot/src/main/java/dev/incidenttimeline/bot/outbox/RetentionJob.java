package dev.incidenttimeline.bot.outbox;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import dev.incidenttimeline.bot.schedule.RecurringJobs;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.store.RetentionRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes done inbox events, done Slack calls and old replay-guard keys once they are older than
 * {@code RETENTION_DAYS}. A recurring task of the {@link RecurringJobs} scheduler, daily at
 * {@link #AT} UTC: one replica runs it once a day, and a day missed while no replica was up
 * is made up once when one starts.
 */
public final class RetentionJob implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    static final String TASK = "retention";
    /** A quiet hour, the same for every replica whatever its zone. */
    static final LocalTime AT = LocalTime.of(3, 0);

    private final Jdbi jdbi;
    private final Clock clock;
    private final Duration retention;

    public RetentionJob(Jdbi jdbi, Clock clock, int retentionDays) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.retention = Duration.ofDays(retentionDays);
    }

    @Override
    public List<RecurringTask<?>> recurringTasks() {
        return List.of(RecurringJobs.task(TASK, Schedules.daily(ZoneOffset.UTC, AT), this::purge));
    }

    /** Deletes what is older than the retention now; returns what was deleted. */
    public RetentionRepository.Purged purge() {
        Instant now = clock.instant();
        RetentionRepository.Purged purged = jdbi.onDemand(RetentionRepository.class).purge(now.minus(retention));
        log.info("retention: deleted {} done events, {} done Slack calls and {} request keys older than {} days",
                purged.events(), purged.effects(), purged.requests(), retention.toDays());
        return purged;
    }
}
