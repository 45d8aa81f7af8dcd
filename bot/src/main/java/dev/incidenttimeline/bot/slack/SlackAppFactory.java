package dev.incidenttimeline.bot.slack;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import dev.incidenttimeline.bot.config.Settings;
import dev.incidenttimeline.store.InboxWriter;
import dev.incidenttimeline.store.IncidentChannelSet;
import dev.incidenttimeline.store.RequestLog;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;

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

    /**
     * The app with its front door (see {@link IncidentApp}): events stored and requests
     * recorded right after the signature check, before anything calls Slack. With a signing
     * secret (HTTP mode) it also has the door that takes events in before Bolt parses them
     * ({@link HttpEventDoor}); both doors store through one {@link EventIntake}.
     */
    public static SlackApp create(Settings settings, Slack slack, DataSource dataSource, Runnable eventStored,
            List<Consumer<App>> features) {
        AppConfig config = AppConfig.builder()
                .singleTeamBotToken(settings.botToken().orElseThrow())
                .signingSecret(settings.signingSecret().orElse(null))
                .slack(slack)
                .build();
        DeliveriesInFlight inFlight = new DeliveriesInFlight();
        EventIntake intake = new EventIntake(new InboxWriter(dataSource), new IncidentChannelSet(dataSource),
                eventStored, inFlight);
        App app = new IncidentApp(config, List.of(new EventInboxMiddleware(intake),
                new RequestReplayGuard(new RequestLog(dataSource))));
        features.forEach(f -> f.accept(app));
        return new SlackApp(app, settings.signingSecret().map(SigningSecret::new), intake, inFlight);
    }
}
