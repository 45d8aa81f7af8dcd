package dev.incidenttimeline.store;

import java.util.List;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** Reads the recurring jobs' schedule (db-scheduler's {@code scheduled_tasks}) for {@code status}. */
public interface ScheduledTaskRepository {

    /**
     * One line per job, by name: when it runs next, whether a replica is running it now, when
     * it last succeeded, and its failures since then.
     */
    @SqlQuery("""
            SELECT task_name || ': next ' || to_char(execution_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                   || CASE WHEN picked THEN ' (running on ' || coalesce(picked_by, '?') || ')' ELSE '' END
                   || CASE WHEN last_success IS NULL THEN ', not run yet'
                           ELSE ', last run ' || to_char(last_success AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') END
                   || CASE WHEN coalesce(consecutive_failures, 0) > 0
                           THEN ', ' || consecutive_failures || ' failure(s) since, last at '
                                || to_char(last_failure AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                           ELSE '' END
            FROM scheduled_tasks ORDER BY task_name, task_instance
            """)
    List<String> describeAll();
}
