/**
 * Import of a Slack export (zip or folder) into an incident, through the same capture
 * rules as live tagging.
 */
package dev.incidenttimeline.bot.capture.importer;
