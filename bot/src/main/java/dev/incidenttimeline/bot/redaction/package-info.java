/**
 * Secrets pasted into a channel (tokens, keys, private-key blocks, passwords in URLs, and
 * the configured REDACT_PATTERNS) are replaced by a marker naming their kind, at capture
 * and again before anything is posted. The original is never kept.
 */
package dev.incidenttimeline.bot.redaction;
