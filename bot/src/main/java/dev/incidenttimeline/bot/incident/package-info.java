/**
 * The {@code /incident} command and the incident itself: the command grammar and parser,
 * declaring (the command and the modal), lifecycle, severity, roles, retro fields, and the
 * messages the bot posts about an incident.
 */
package dev.incidenttimeline.bot.incident;
