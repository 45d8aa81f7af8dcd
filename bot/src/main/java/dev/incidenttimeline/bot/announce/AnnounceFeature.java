package dev.incidenttimeline.bot.announce;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import com.slack.api.model.Conversation;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.SlackCallException;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.SettingsException;
import dev.incidenttimeline.store.IncidentRepository;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ANNOUNCE_CHANNEL}: checked at start (a channel the bot cannot post to stops start-up
 * with one line saying what to do), and the Join button of a declare announcement, which
 * invites the person who pressed it into the incident channel.
 */
public final class AnnounceFeature implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(AnnounceFeature.class);

    private final BotContext ctx;

    public AnnounceFeature(BotContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void registerSlack(App app) {
        app.blockAction(Announcements.ACTION_JOIN, this::onJoin);
    }

    @Override
    public void onStart() {
        checkChannel();
    }

    /**
     * The bot must be able to post to the channel: it exists, it is not archived, and the bot
     * is a member (a public channel is joined now; a private one needs an invitation). When
     * Slack cannot be reached, start anyway: the posts wait in the outbox.
     */
    void checkChannel() {
        String channel = ctx.settings().announceChannel().orElse(null);
        if (channel == null) {
            return;
        }
        Conversation info;
        try {
            info = ctx.slack().call("conversations.info", c -> c.conversationsInfo(r -> r.channel(channel)))
                    .getChannel();
        } catch (SlackCallException e) {
            if (e.retryable()) {
                log.warn("ANNOUNCE_CHANNEL {}: cannot check it now ({}); announcements wait until Slack answers",
                        channel, e.error());
                return;
            }
            throw new SettingsException("ANNOUNCE_CHANNEL " + channel + " cannot be used (" + e.error()
                    + "): give the id of a channel the bot can see, or invite it there with /invite @incident-bot");
        }
        if (info == null) {
            return;
        }
        if (info.isArchived()) {
            throw new SettingsException("ANNOUNCE_CHANNEL " + channel + " is archived; unarchive it or name another"
                    + " channel, then start again");
        }
        if (info.isMember()) {
            return;
        }
        if (info.isPrivate()) {
            throw new SettingsException("ANNOUNCE_CHANNEL " + channel + " is a private channel the bot is not in;"
                    + " invite it there with /invite @incident-bot, then start again");
        }
        try {
            ctx.slack().call("conversations.join", c -> c.conversationsJoin(r -> r.channel(channel)));
            log.info("joined ANNOUNCE_CHANNEL {} to post announcements there", channel);
        } catch (SlackCallException e) {
            if (e.retryable()) {
                log.warn("ANNOUNCE_CHANNEL {}: cannot join it now ({}); trying again at the next start", channel,
                        e.error());
                return;
            }
            throw new SettingsException("ANNOUNCE_CHANNEL " + channel + ": the bot cannot join it (" + e.error()
                    + "); invite it with /invite @incident-bot, or add the channels:join scope, then start again");
        }
    }

    /** Join: the person is invited into the (public) incident channel through the outbox. */
    private Response onJoin(BlockActionRequest req, ActionContext c) {
        BlockActionPayload p = req.getPayload();
        String team = p.getTeam() != null ? p.getTeam().getId() : p.getUser().getTeamId();
        String user = p.getUser().getId();
        String channel = p.getActions() == null || p.getActions().isEmpty() ? null : p.getActions().get(0).getValue();
        if (channel == null || channel.isBlank()) {
            return c.ack();
        }
        boolean queued = ctx.jdbi().inTransaction(h -> {
            Optional<Incident> inc = h.attach(IncidentRepository.class).findByChannel(team, channel);
            // Only public incident channels are announced; a forged or stale value invites nobody.
            if (inc.isEmpty() || inc.get().isPrivate()) {
                return false;
            }
            return new Outbox(h, team).invite("announce-join:" + channel + ":" + user, channel, user);
        });
        if (queued) {
            ctx.wakeEffects().run();
        }
        return c.ack();
    }
}
