/**
 * People and bots by name: profiles fetched once per id through the outbox (users.info,
 * bots.info), kept fresh from user_change, and resolved when a document is rendered.
 */
package dev.incidenttimeline.bot.people;
