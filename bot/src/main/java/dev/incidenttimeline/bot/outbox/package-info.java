/**
 * Slack calls as queued effects: written in the same transaction as the change that causes
 * them, made later by the effect worker with no transaction open.
 */
package dev.incidenttimeline.bot.outbox;
