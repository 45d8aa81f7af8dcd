/**
 * The weekly incident review: loading a week, rendering it, posting it to {@code
 * REPORT_CHANNEL} once per period across replicas, and the daily reminders of overdue
 * follow-ups.
 */
package dev.incidenttimeline.bot.report;
