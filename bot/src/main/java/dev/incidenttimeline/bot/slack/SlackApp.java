package dev.incidenttimeline.bot.slack;

import com.slack.api.bolt.App;
import java.util.Optional;

/**
 * The Bolt app, and in HTTP mode what the door in front of its servlet needs to take Events
 * API deliveries in (see {@link SlackAppFactory#create}).
 */
public final class SlackApp {
    private final App app;
    private final Optional<SigningSecret> signingSecret;
    private final EventIntake intake;
    private final DeliveriesInFlight deliveriesInFlight;

    SlackApp(App app, Optional<SigningSecret> signingSecret, EventIntake intake,
            DeliveriesInFlight deliveriesInFlight) {
        this.app = app;
        this.signingSecret = signingSecret;
        this.intake = intake;
        this.deliveriesInFlight = deliveriesInFlight;
    }

    /** The Bolt app: Socket Mode runs it, and the HTTP endpoint's servlet serves it. */
    public App app() {
        return app;
    }

    /** The deliveries being stored right now, through either door. */
    public DeliveriesInFlight deliveriesInFlight() {
        return deliveriesInFlight;
    }

    /** A door for events in front of the endpoint at {@code path}, when there is a signing secret. */
    Optional<HttpEventDoor> eventDoor(String path, int maxBodyBytes) {
        return signingSecret.map(secret -> new HttpEventDoor(secret, intake, path, maxBodyBytes));
    }
}
