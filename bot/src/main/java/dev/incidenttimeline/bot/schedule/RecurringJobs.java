package dev.incidenttimeline.bot.schedule;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerName;
import com.github.kagkarlsson.scheduler.event.SchedulerListener;
import com.github.kagkarlsson.scheduler.logging.LogLevel;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler of the recurring jobs, one per process. Every replica runs one on the same
 * {@code scheduled_tasks} table (V12): an execution is taken by one replica (its row is
 * updated under its version), run, and given its next execution time by its schedule. A row
 * whose time passed while no replica was up is due, so it runs once when one starts, however
 * many periods were missed.
 */
public final class RecurringJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RecurringJobs.class);
    /** How often a replica looks for due executions (db-scheduler's default). */
    public static final Duration POLL = Duration.ofSeconds(10);
    /** A failed run (the database away, say) is tried again this much later, within its period. */
    static final Duration RETRY = Duration.ofMinutes(5);
    /** How long {@link #close()} lets a run in progress finish; within the 30 s a stop may take. */
    static final Duration STOP_WAIT = Duration.ofSeconds(15);

    private final Scheduler scheduler;
    private final int tasks;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /**
     * @param dataSource the app's pool (db-scheduler runs its own JDBC on it)
     * @param listeners observers of executions (tests count them)
     */
    public RecurringJobs(DataSource dataSource, Clock clock, List<RecurringTask<?>> tasks, Duration poll,
            SchedulerListener... listeners) {
        this.tasks = tasks.size();
        var builder = Scheduler.create(dataSource)
                .startTasks(tasks)
                .clock(clock::instant)
                .schedulerName(new SchedulerName.Fixed(new SchedulerName.Hostname().getName() + "-"
                        + UUID.randomUUID().toString().substring(0, 8)))
                .threads(2)
                .pollingInterval(poll)
                .shutdownMaxWait(STOP_WAIT)
                // Our jobs log what they did and why they failed; db-scheduler adds the stack trace.
                .failureLogging(LogLevel.WARN, true);
        for (SchedulerListener l : listeners) {
            builder.addSchedulerListener(l);
        }
        this.scheduler = builder.build();
    }

    /**
     * A task that runs {@code job} on {@code schedule}; a failed run is tried again
     * {@link #RETRY} later rather than waiting for the next period.
     */
    public static RecurringTask<Void> task(String name, Schedule schedule, Runnable job) {
        return Tasks.recurring(name, schedule)
                .onFailure(new FailureHandler.OnFailureRetryLater<>(RETRY))
                .execute((instance, context) -> job.run());
    }

    /** Schedules the tasks not yet in the table (or whose schedule changed) and starts polling. */
    public void start() {
        scheduler.start();
        log.info("scheduler started with {} recurring job(s)", tasks);
    }

    /** Checks for due executions now rather than at the next poll (tests, tools). */
    public void checkNow() {
        scheduler.triggerCheckForDueExecutions();
    }

    /** Stops taking executions, lets one in progress finish (at most {@link #STOP_WAIT}); once. */
    @Override
    public void close() {
        if (stopped.compareAndSet(false, true)) {
            scheduler.stop();
        }
    }
}
