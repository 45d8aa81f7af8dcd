-- The recurring jobs (weekly report, overdue reminders, retention) run on db-scheduler.
-- This is its documented PostgreSQL table: one row per task instance, holding the next
-- execution time; a replica runs an execution only after taking it (picked, picked_by,
-- version), so each period runs once across all replicas, and a row whose execution time
-- passed while no replica was up runs once when one starts.
CREATE TABLE scheduled_tasks (
    task_name            text                     NOT NULL,
    task_instance        text                     NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean                  NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);

CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- job_runs is no longer written by this version. It stays for one release, so that a
-- replica of the previous version still running during a rolling upgrade can claim its
-- periods; a run made by both is harmless, since every post of a report or reminder
-- carries a dedupe key in the outbox. A later migration drops it.
COMMENT ON TABLE job_runs IS 'unused since V12 (db-scheduler runs the recurring jobs); kept for rolling upgrades';
