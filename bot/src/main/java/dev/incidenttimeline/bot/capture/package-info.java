/**
 * The tagging rules shared by live capture and import: which emoji make which kind of
 * entry, and how a message becomes a timeline entry.
 */
package dev.incidenttimeline.bot.capture;
