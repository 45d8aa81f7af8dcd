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

    SlackApp(App app, Optional<HttpEventDoor> eventDoor) {
        this.app = app;
        this.eventDoor = eventDoor;
    }

    /** The Bolt app: Socket Mode runs it, and the HTTP endpoint's servlet serves it. */
    public App app() {
        return app;
    }

    Optional<HttpEventDoor> eventDoor() {
        return eventDoor;
    }
}
