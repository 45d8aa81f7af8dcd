/**
 * Settings read from the environment and checked at start: a missing or malformed one
 * stops start-up with one line naming the variable and its right form.
 */
package dev.incidenttimeline.bot.config;
