/**
 * Company-wide announcements: when an incident is declared, changes severity or is resolved,
 * a one-line summary is posted to {@code ANNOUNCE_CHANNEL} (with a Join button on declare),
 * queued in the outbox like every other post; private incidents are never announced.
 */
package dev.incidenttimeline.bot.announce;
