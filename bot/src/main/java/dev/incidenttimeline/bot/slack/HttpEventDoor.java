package dev.incidenttimeline.bot.slack;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The HTTP endpoint's door for Events API deliveries, a Jetty handler in front of the
 * servlet context that holds Bolt's servlet. A JSON body whose signature verifies and that
 * is an {@code event_callback} is taken in by {@link EventIntake} here, without Bolt
 * building its request objects (a Gson instance built for each request, and the body parsed
 * twice), without the servlet layer, and without holding a thread while its commit is
 * waited for: the answer is written once the row is committed, by the thread that committed
 * it, so a delivery costs no thread a sleep and a wake-up, and many deliveries share one
 * commit. Everything else (slash commands, interactivity, the URL verification challenge,
 * and any request whose signature does not verify) goes on to the servlet context with its
 * body as read, so Bolt's own verification still decides those, and answers a bad signature
 * with its 401.
 */
final class HttpEventDoor extends Handler.Wrapper {
    private final SigningSecret secret;
    private final EventIntake intake;
    private final String path;
    private final int maxBodyBytes;

    /**
     * @param path the endpoint's path, e.g. {@code /slack/events}
     * @param maxBodyBytes the most a body may be (a larger one is refused before this door)
     */
    HttpEventDoor(SigningSecret secret, EventIntake intake, String path, int maxBodyBytes) {
        this.secret = secret;
        this.intake = intake;
        this.path = path;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!HttpMethod.POST.is(request.getMethod()) || !path.equals(request.getHttpURI().getPath())
                || contentType == null || !contentType.regionMatches(true, 0, "application/json", 0, 16)) {
            return super.handle(request, response, callback);
        }
        // The body is in memory already (the server reads it before any handler runs), so this
        // completes at once; it would also complete later.
        Content.Source.asByteArrayAsync(request, maxBodyBytes).whenComplete((body, unreadable) -> {
            try {
                if (unreadable != null || !take(request, body, response, callback)) {
                    passOn(request, body, response, callback);
                }
            } catch (Throwable t) {
                callback.failed(t);
            }
        });
        return true;
    }

    /** Takes a verified {@code event_callback} in and answers it once stored; false for anything else. */
    private boolean take(Request request, byte[] body, Response response, Callback callback) {
        if (!secret.verifies(request.getHeaders().get("X-Slack-Request-Timestamp"), body,
                request.getHeaders().get("X-Slack-Signature"), System.currentTimeMillis())) {
            return false;
        }
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.read(body);
        } catch (IOException notJson) {
            // Bolt's servlet, and the endpoint's filter in front of it, answer what cannot be read.
            return false;
        }
        if (!envelope.isEventCallback()) {
            return false;
        }
        intake.acceptAsync(envelope, body, request.getHeaders().get("X-Slack-Retry-Num"))
                .whenComplete((answer, failure) -> {
                    try {
                        if (failure != null) {
                            callback.failed(failure);
                        } else {
                            answer(answer, response, callback);
                        }
                    } catch (Throwable t) {
                        callback.failed(t);
                    }
                });
        return true;
    }

    private static void answer(EventIntake.Answer answer, Response response, Callback callback) {
        response.setStatus(answer.status());
        if (answer.error() == null) {
            callback.succeeded();
            return;
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json; charset=utf-8");
        // The errors are fixed texts of EventIntake, never request data.
        response.write(true, ByteBuffer.wrap(("{\"error\":\"" + answer.error() + "\"}")
                .getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** Hands the request on to the servlet context, its body to be read again from the start. */
    private void passOn(Request request, byte[] body, Response response, Callback callback) throws Exception {
        Request again = body == null ? request : new ReadAgain(request, body);
        if (!super.handle(again, response, callback)) {
            Response.writeError(again, response, callback, 404);
        }
    }

    /** The request with its body, already read here, to read again. */
    private static final class ReadAgain extends Request.Wrapper {
        private Content.Chunk next;

        ReadAgain(Request request, byte[] body) {
            super(request);
            this.next = Content.Chunk.from(ByteBuffer.wrap(body), true);
        }

        @Override
        public synchronized Content.Chunk read() {
            Content.Chunk chunk = next;
            next = Content.Chunk.EOF;
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            // The whole body is here: a read never waits.
            demandCallback.run();
        }
    }
}
