package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.bot.visibility.VisibilityPolicy;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every feature of the running bot shares.
 *
 * @param visibility the one visibility policy; shared so that its recheck cache is one per bot
 */
public record BotContext(Settings settings, Jdbi jdbi, Clock clock, SlackGateway slack, Runnable wakeEffects,
        VisibilityPolicy visibility) {
    private static final Logger log = LoggerFactory.getLogger(BotContext.class);

    /**
     * On a membership miss, asks Slack who is in the private incidents' channels; a failure
     * leaves what is known. Makes Slack calls: never call it with a transaction open.
     *
     * @return false when Slack could not be asked (nothing new is known)
     */
    public boolean recheckVisibility(String teamId, String userId) {
        try {
            visibility.recheck(jdbi, clock, teamId, userId, (team, channel) -> slack.channelMembers(channel));
            return true;
        } catch (SlackCallException e) {
            log.warn("conversations.members recheck failed, going by stored membership: {}", e.error());
            return false;
        }
    }
}
