/**
 * The lease-based worker that both queues run on (the event inbox and the Slack-call
 * outbox): claim in a short transaction, work, complete or reschedule with one retry
 * policy.
 */
package dev.incidenttimeline.bot.queue;
