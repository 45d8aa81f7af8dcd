package dev.incidenttimeline.bot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.AppConfig;
import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.builtin.RequestVerification;
import java.util.ArrayList;
import java.util.List;

/**
 * The Bolt app with our front door in Bolt's own middleware chain. Bolt's default chain
 * checks the signature, then authorises (which calls {@code auth.test}) and drops self-events
 * (which calls {@code bots.info}). Our front door runs right after the signature check and
 * before both: an event is stored, and a command recorded, before anything can call Slack,
 * so a 429 from Slack can never lose an event. Self-events are dropped by the worker instead.
 */
final class IncidentApp extends App {
    private final List<Middleware> frontDoor;

    IncidentApp(AppConfig config, List<Middleware> frontDoor) {
        super(config);
        this.frontDoor = List.copyOf(frontDoor);
    }

    @Override
    protected List<Middleware> buildDefaultMiddlewareList(AppConfig config) {
        List<Middleware> chain = new ArrayList<>(super.buildDefaultMiddlewareList(config));
        String secret = config.getSigningSecret();
        int verification = -1;
        for (int i = 0; i < chain.size(); i++) {
            if (chain.get(i) instanceof RequestVerification) {
                // Without a signing secret (Socket Mode) Bolt's own step stays: it passes
                // Socket Mode requests, which carry no signature, and refuses any other.
                if (secret != null && !secret.isBlank()) {
                    chain.set(i, new RequestVerification(new SignatureWindow(secret)));
                }
                verification = i;
            }
        }
        // With verification turned off in Bolt's config there is no such step: the front door
        // comes right after the SSL check, if there is one.
        int at = verification + 1;
        if (verification < 0 && !chain.isEmpty()
                && chain.get(0) instanceof com.slack.api.bolt.middleware.builtin.SSLCheck) {
            at = 1;
        }
        chain.addAll(at, frontDoor);
        return chain;
    }
}
