package dev.incidenttimeline.bot.slack;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.slack.api.bolt.App;
import java.util.List;

/**
 * A slice of the bot (commands, capture, App Home, reports). {@link BotRuntime} registers
 * every feature's Bolt listeners and inbox event handlers in one place.
 */
public interface BotFeature {
    /** Bolt listeners: slash commands, modals, buttons. Events never come here: they go to the inbox. */
    default void registerSlack(App app) {
    }

    /** Handlers of stored events, run by the inbox worker. */
    default void registerEvents(EventDispatcher events) {
    }

    /**
     * Recurring jobs (the weekly report, reminders, retention), run by the one scheduler of
     * the process once it is up: once per period across all replicas.
     */
    default List<RecurringTask<?>> recurringTasks() {
        return List.of();
    }

    /** Work to do once the app is up (reconciliation, joining a channel); schedules start after it. */
    default void onStart() {
    }

    /**
     * Outbox effect kinds this feature performs beyond the Slack calls (its own, such as tracker
     * calls), by kind; run like any effect: claimed, performed with no transaction open, retried.
     */
    default java.util.Map<String, dev.incidenttimeline.bot.queue.WorkProcessor> effectHandlers() {
        return java.util.Map.of();
    }

    /** Servlets this feature serves on the HTTP port beside Slack's, by path spec ({@code /webhooks/*}). */
    default java.util.Map<String, jakarta.servlet.http.HttpServlet> httpRoutes() {
        return java.util.Map.of();
    }

    /** Stops what {@link #onStart()} started. */
    default void onStop() {
    }
}
