package dev.incidenttimeline.bot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The front door in Bolt's chain, right after its signature check and before any middleware
 * that calls Slack (see {@link IncidentApp}): every Events API delivery Bolt handles is
 * taken in by {@link EventIntake}. That is every event in Socket Mode; in HTTP mode
 * {@link HttpEventDoor} takes them in before Bolt parses them, and this sees only what the
 * door passed on.
 */
final class EventInboxMiddleware implements Middleware {
    private final EventIntake intake;

    EventInboxMiddleware(EventIntake intake) {
        this.intake = intake;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        if (req.getRequestType() != RequestType.Event) {
            return chain.next(req);
        }
        EventIntake.Answer answer = intake.accept(req.getRequestBodyAsString().getBytes(StandardCharsets.UTF_8),
                req.getHeaders().getFirstValue("x-slack-retry-num"));
        return answer.error() == null ? Response.ok() : Response.json(answer.status(), Map.of("error", answer.error()));
    }
}
