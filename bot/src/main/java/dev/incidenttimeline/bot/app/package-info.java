/**
 * The composition root: builds the Slack runtime, the queues and every feature in one
 * place. Nothing but the command line depends on it.
 */
package dev.incidenttimeline.bot.app;
