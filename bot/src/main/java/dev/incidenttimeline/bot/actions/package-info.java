/**
 * Follow-ups: action-item text and owners, due-date phrases, and the action-item rows and
 * buttons shown in the channel, App Home and reminders.
 */
package dev.incidenttimeline.bot.actions;
