package dev.incidenttimeline.bot.slack;

import com.slack.api.bolt.App;
import java.util.Optional;

/**
 * The Bolt app, and in HTTP mode the door in front of its servlet that takes Events API
 * deliveries in (see {@link SlackAppFactory#create}).
 */
public final class SlackApp {
    private final App app;
    private final Optional<HttpEventDoor> eventDoor;
    private final DeliveriesInFlight deliveriesInFlight;

    SlackApp(App app, Optional<HttpEventDoor> eventDoor, DeliveriesInFlight deliveriesInFlight) {
        this.app = app;
        this.eventDoor = eventDoor;
        this.deliveriesInFlight = deliveriesInFlight;
    }

    /** The deliveries being stored right now, through either door. */
    public DeliveriesInFlight deliveriesInFlight() {
        return deliveriesInFlight;
    }

    /** The Bolt app: Socket Mode runs it, and the HTTP endpoint's servlet serves it. */
    public App app() {
        return app;
    }

    Optional<HttpEventDoor> eventDoor() {
        return eventDoor;
    }
}
