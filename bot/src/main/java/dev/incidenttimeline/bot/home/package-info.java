/**
 * App Home: open incidents and the viewer's own action items.
 */
package dev.incidenttimeline.bot.home;
