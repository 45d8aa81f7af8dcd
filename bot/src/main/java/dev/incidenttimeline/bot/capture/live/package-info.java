/**
 * Live capture from Slack events: reactions, pins, messages, edits and deletes in incident
 * channels, the message cache, participants, and reconciliation of what was missed while
 * down.
 */
package dev.incidenttimeline.bot.capture.live;
