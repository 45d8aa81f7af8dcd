package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.bot.config.Settings;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/** What every feature of the running bot shares. */
public record BotContext(Settings settings, Jdbi jdbi, Clock clock, SlackGateway slack, Runnable wakeEffects) {
}
