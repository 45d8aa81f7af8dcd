/**
 * The retro document: a model built from one incident (key times, timeline, root cause,
 * follow-ups, people) and its renderings as Markdown (built-in or user Mustache template)
 * and JSON. Pure: the same incident gives the same bytes.
 */
package dev.incidenttimeline.export.retro;
