/**
 * Follow-ups tracked where engineers work: every action item gets a ticket in Jira, GitHub
 * Issues or Linear ({@code TICKETS}) through the outbox, changes flow both ways (ours to the
 * tracker as queued calls, theirs to ours by signed webhooks and an hourly check), and
 * {@code /incident action link|unlink} ties an item to an existing ticket.
 */
package dev.incidenttimeline.bot.tickets;
