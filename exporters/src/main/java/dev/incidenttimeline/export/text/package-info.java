/**
 * Text primitives shared by the renderers: Slack markup to Markdown, escaping for table
 * cells and paragraphs, durations.
 */
package dev.incidenttimeline.export.text;
