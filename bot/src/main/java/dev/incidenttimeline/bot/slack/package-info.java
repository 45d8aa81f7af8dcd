/**
 * The Slack runtime, and only that: the Bolt app, HTTP and Socket Mode serving, the
 * request gate that stores events before anything else can fail, the dispatcher of stored
 * events, the Web API gateway, Slack text and Block Kit primitives, and the one place that
 * maps errors to replies. Depends on no feature.
 */
package dev.incidenttimeline.bot.slack;
