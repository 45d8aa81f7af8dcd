package dev.incidenttimeline.bot.home;

import dev.incidenttimeline.bot.slack.BotContext;
import dev.incidenttimeline.bot.slack.BotFeature;
import com.slack.api.model.event.AppHomeOpenedEvent;
import dev.incidenttimeline.bot.slack.EventDispatcher;
import dev.incidenttimeline.bot.home.AppHome;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the App Home tab when someone opens it ({@code app_home_opened}, taken from the
 * event inbox: the view is queued in the same transaction that marks the event done, so a
 * retried delivery publishes it once).
 *
 * <p>The view is built inside the inbox worker's transaction, where no Slack call may be
 * made. So when the viewer's membership of an open private incident's channel is unknown,
 * the view first shows what is known, and after the commit the membership is asked of Slack
 * ({@code conversations.members}, no transaction open) and the view published again.
 */
public final class AppHomeFeature implements BotFeature {
    private static final Logger log = LoggerFactory.getLogger(AppHomeFeature.class);

    private final BotContext ctx;
    private final AppHome home;
    private final ExecutorService rechecks = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "home-recheck");
        t.setDaemon(true);
        return t;
    });

    public AppHomeFeature(BotContext ctx) {
        this.ctx = ctx;
        this.home = new AppHome(ctx.clock(), ctx.settings().zone());
    }

    @Override
    public void registerEvents(EventDispatcher events) {
        events.on(AppHomeOpenedEvent.class, (h, event) -> {
            String user = event.event().getUser();
            String tab = event.event().getTab();
            // The Messages tab fires the same event; only the Home tab has a view to publish.
            if (user == null || (tab != null && !"home".equals(tab))) {
                return;
            }
            String key = "home:" + event.eventId();
            home.publish(h, event.teamId(), user, key);
            if (ctx.visibility().needsRecheck(h, ctx.clock(), event.teamId(), user)) {
                h.afterCommit(() -> recheckThenRepublish(event.teamId(), user, key + ":recheck"));
            }
        });
    }

    private void recheckThenRepublish(String teamId, String userId, String key) {
        try {
            rechecks.execute(() -> {
                try {
                    if (!ctx.recheckVisibility(teamId, userId)) {
                        return; // nothing new is known: the view published stays
                    }
                    ctx.jdbi().useTransaction(h -> home.publish(h, teamId, userId, key));
                    ctx.wakeEffects().run();
                } catch (RuntimeException e) {
                    log.warn("App Home of {} after a membership recheck: {}", userId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            log.debug("stopping; App Home of {} not rechecked", userId);
        }
    }

    @Override
    public void onStop() {
        rechecks.shutdown();
    }
}
