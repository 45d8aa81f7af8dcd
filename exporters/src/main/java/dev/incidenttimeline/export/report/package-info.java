/**
 * The weekly incident-review report: its model from a week of incidents and action items,
 * the Markdown rendering and the chart PNG. Pure functions of their input.
 */
package dev.incidenttimeline.export.report;
