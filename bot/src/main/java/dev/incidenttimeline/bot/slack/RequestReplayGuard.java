package dev.incidenttimeline.bot.slack;

import com.slack.api.bolt.middleware.Middleware;
import com.slack.api.bolt.middleware.MiddlewareChain;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.request.RequestType;
import com.slack.api.bolt.response.Response;
import dev.incidenttimeline.store.RequestLog;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes slash commands and interactions idempotent: each is recorded under its
 * {@link RequestKeys key} before any listener acts on it. The same request again (a replay
 * inside the signature window, a form submitted twice) is answered "already done" and
 * changes nothing. A modal sent back with errors is forgotten again, so the person can
 * correct it and submit.
 */
final class RequestReplayGuard implements Middleware {
    private static final Logger log = LoggerFactory.getLogger(RequestReplayGuard.class);
    static final String ALREADY_DONE = "Already done: Slack sent this request twice, and it was handled the first time.";

    private final RequestLog requests;

    RequestReplayGuard(RequestLog requests) {
        this.requests = requests;
    }

    @Override
    public Response apply(Request req, Response resp, MiddlewareChain chain) throws Exception {
        Optional<RequestKeys.Key> key = keyOf(req);
        if (key.isEmpty()) {
            return chain.next(req);
        }
        RequestKeys.Key k = key.get();
        if (!requests.firstTime(k.teamId(), k.key(), k.kind())) {
            log.info("replayed {} ignored", k.kind());
            return replayAnswer(req);
        }
        Response response = chain.next(req);
        if (req.getRequestType() == RequestType.ViewSubmission && sentBackWithErrors(response)) {
            requests.forget(k.teamId(), k.key());
        }
        return response;
    }

    private static Optional<RequestKeys.Key> keyOf(Request req) {
        RequestType type = req.getRequestType();
        if (type == RequestType.Command) {
            return RequestKeys.command(req.getRequestBodyAsString(),
                    req.getHeaders().getFirstValue("x-slack-request-timestamp"));
        }
        if (type == RequestType.ViewSubmission || type == RequestType.BlockAction
                || type == RequestType.GlobalShortcut || type == RequestType.MessageShortcut) {
            return RequestKeys.interaction(req.getRequestBodyAsString());
        }
        return Optional.empty();
    }

    /** A command gets the ephemeral note; a modal closes, a button does nothing. */
    private static Response replayAnswer(Request req) {
        if (req.getRequestType() == RequestType.Command) {
            return Response.json(200, Map.of("response_type", "ephemeral", "text", ALREADY_DONE));
        }
        return Response.ok();
    }

    private static boolean sentBackWithErrors(Response r) {
        return r != null && r.getBody() != null && r.getBody().contains("\"response_action\":\"errors\"");
    }
}
