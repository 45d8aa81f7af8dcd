package dev.incidenttimeline.bot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.store.InboxWriter;
import java.util.List;
import java.util.function.Consumer;

/** Builds the Bolt app: every listener is registered here, through the features passed in. */
public final class SlackAppFactory {
    private SlackAppFactory() {
    }

    /** The Slack client for {@code SLACK_API_URL} (tests point it at a local stand-in). */
    public static Slack slack(Settings settings) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(settings.apiUrl());
        config.setStatsEnabled(false);
        config.setPrettyResponseLoggingEnabled(false);
        return Slack.getInstance(config);
    }

    public static App create(Settings settings, Slack slack, InboxWriter inbox, Runnable eventStored,
            List<Consumer<App>> features) {
        AppConfig config = AppConfig.builder()
                .singleTeamBotToken(settings.botToken().orElseThrow())
                .signingSecret(settings.signingSecret().orElse(null))
                .slack(slack)
                .build();
        App app = new App(config);
        app.use(new EventInboxMiddleware(inbox, eventStored));
        features.forEach(f -> f.accept(app));
        return app;
    }
}
