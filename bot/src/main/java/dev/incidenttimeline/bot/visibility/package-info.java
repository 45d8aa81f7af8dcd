/**
 * Who may see an incident: one policy every reader asks (list, App Home, timeline, export,
 * reports, reminders). A private incident is visible only to the current members of its
 * channel; elsewhere it appears as counts only.
 */
package dev.incidenttimeline.bot.visibility;
