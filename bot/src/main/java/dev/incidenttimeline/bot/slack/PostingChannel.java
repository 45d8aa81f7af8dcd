package dev.incidenttimeline.bot.slack;

import com.slack.api.model.Conversation;
import dev.incidenttimeline.domain.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The start-up check of a channel the bot is configured to post to ({@code REPORT_CHANNEL},
 * {@code ANNOUNCE_CHANNEL}): it exists, it is not archived, and the bot is a member. A public
 * channel is joined now; a private one the bot is not in stops start-up with one line, since
 * only a member can invite it. When Slack cannot be reached, start anyway: the posts wait in
 * the outbox.
 */
public final class PostingChannel {
    private static final Logger log = LoggerFactory.getLogger(PostingChannel.class);

    private PostingChannel() {
    }

    /**
     * @param setting the setting that names the channel ({@code ANNOUNCE_CHANNEL})
     * @param purpose what the bot posts there, for the log ({@code post announcements there})
     * @throws SettingsException when the bot cannot post there and cannot make itself able to
     */
    public static void ensureMember(SlackGateway slack, String setting, String channel, String purpose) {
        Conversation info;
        try {
            info = slack.call("conversations.info", c -> c.conversationsInfo(r -> r.channel(channel))).getChannel();
        } catch (SlackCallException e) {
            if (e.retryable()) {
                log.warn("{} {}: cannot check it now ({}); what is posted there waits until Slack answers", setting,
                        channel, e.error());
                return;
            }
            throw new SettingsException(setting + " " + channel + " cannot be used (" + e.error()
                    + "): give the id of a channel the bot can see, or invite it there with /invite @incident-bot");
        }
        if (info == null) {
            return;
        }
        if (info.isArchived()) {
            throw new SettingsException(setting + " " + channel + " is archived; unarchive it or name another"
                    + " channel, then start again");
        }
        if (info.isMember()) {
            return;
        }
        if (info.isPrivate()) {
            throw new SettingsException(setting + " " + channel + " is a private channel the bot is not in;"
                    + " invite it there with /invite @incident-bot, then start again");
        }
        try {
            slack.call("conversations.join", c -> c.conversationsJoin(r -> r.channel(channel)));
            log.info("joined {} {} to {}", setting, channel, purpose);
        } catch (SlackCallException e) {
            if (e.retryable()) {
                log.warn("{} {}: cannot join it now ({}); trying again at the next start", setting, channel,
                        e.error());
                return;
            }
            throw new SettingsException(setting + " " + channel + ": the bot cannot join it (" + e.error()
                    + "); invite it with /invite @incident-bot, or add the channels:join scope, then start again");
        }
    }
}
