/**
 * What the log may hold: a message converter that escapes control characters and caps
 * every line, so no request body can forge or flood a log line.
 */
package dev.incidenttimeline.bot.logging;
