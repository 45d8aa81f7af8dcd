/**
 * The recurring jobs' scheduler: db-scheduler on the app's own connection pool, running the
 * tasks the features declare (the weekly report, the daily overdue reminders, retention).
 * Zone-aware schedules, one execution per period across replicas (an execution is run only
 * by the replica that took it in {@code scheduled_tasks}), and a run missed while no replica
 * was up made once when one starts. Runtime: depends on no feature.
 */
package dev.incidenttimeline.bot.schedule;
