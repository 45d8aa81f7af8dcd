/**
 * The retro export: loads an incident with its timeline, items and people, and renders it
 * with the exporters.
 */
package dev.incidenttimeline.bot.retro;
