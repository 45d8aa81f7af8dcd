package dev.incidenttimeline.bot.announce;

import com.slack.api.app_backend.interactive_components.payload.BlockActionPayload;
import com.slack.api.bolt.App;
import com.slack.api.bolt.context.builtin.ActionContext;
import com.slack.api.bolt.request.builtin.BlockActionRequest;
import com.slack.api.bolt.response.Response;
import dev.incidenttimeline.bot.outbox.Outbox;
import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import dev.incidenttimeline.bot.slack.PostingChannel;
import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.store.AttachedRepositories;
import dev.incidenttimeline.store.IncidentRepository;
import java.util.Optional;

/**
 * {@code ANNOUNCE_CHANNEL}: checked at start (a channel the bot cannot post to stops start-up
 * with one line saying what to do), and the Join button of a declare announcement, which
 * invites the person who pressed it into the incident channel.
 */
public final class AnnounceFeature implements BotFeature {
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

    /** The bot must be able to post to the channel (see {@link PostingChannel}). */
    void checkChannel() {
        ctx.settings().announceChannel().ifPresent(channel -> PostingChannel.ensureMember(ctx.slack(),
                "ANNOUNCE_CHANNEL", channel, "post announcements there"));
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
            Optional<Incident> inc = AttachedRepositories.of(h, IncidentRepository.class).findByChannel(team, channel);
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
