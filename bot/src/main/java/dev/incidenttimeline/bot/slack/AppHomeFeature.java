package dev.incidenttimeline.bot.slack;

import dev.incidenttimeline.bot.home.AppHome;

/**
 * Publishes the App Home tab when someone opens it ({@code app_home_opened}, taken from the
 * event inbox: the view is queued in the same transaction that marks the event done, so a
 * retried delivery publishes it once).
 */
public final class AppHomeFeature implements BotFeature {
    private final AppHome home;

    public AppHomeFeature(BotContext ctx) {
        this.home = new AppHome(ctx.clock(), ctx.settings().zone());
    }

    @Override
    public void registerEvents(EventDispatcher events) {
        events.on("app_home_opened", (h, event) -> {
            String user = event.text("user");
            // The Messages tab fires the same event; only the Home tab has a view to publish.
            if (user == null || (event.text("tab") != null && !"home".equals(event.text("tab")))) {
                return;
            }
            home.publish(h, event.teamId(), user, "home:" + event.eventId());
        });
    }
}
