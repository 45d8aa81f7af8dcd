package dev.incidenttimeline.bot.slack;

import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.methods.SlackFilesUploadV2Exception;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;

/**
 * The one place that calls the Slack Web API and turns its failures into
 * {@link SlackCallException}: HTTP 429 with its {@code Retry-After}, 5xx and network
 * errors are retryable; {@code ok:false} errors are not, except Slack's own transient ones.
 */
public final class SlackGateway {
    private static final Set<String> TRANSIENT = Set.of("ratelimited", "internal_error", "fatal_error",
            "service_unavailable", "request_timeout");

    private final MethodsClient client;

    public SlackGateway(MethodsClient client) {
        this.client = client;
    }

    /** A Web API call through the SDK client. */
    @FunctionalInterface
    public interface Call<T extends SlackApiTextResponse> {
        T run(MethodsClient client) throws IOException, SlackApiException;
    }

    /** Runs a call; returns its response when {@code ok}, otherwise throws {@link SlackCallException}. */
    public <T extends SlackApiTextResponse> T call(String method, Call<T> call) {
        T response;
        try {
            response = call.run(client);
        } catch (SlackApiException e) {
            int code = e.getResponse().code();
            Duration retryAfter = null;
            String header = e.getResponse().header("Retry-After");
            if (header != null) {
                try {
                    retryAfter = Duration.ofSeconds(Long.parseLong(header.strip()));
                } catch (NumberFormatException ignored) {
                    retryAfter = Duration.ofSeconds(30);
                }
            }
            String error = code == 429 ? "ratelimited" : "http_" + code;
            if (e.getError() != null && e.getError().getError() != null && code != 429) {
                error = e.getError().getError();
            }
            throw new SlackCallException(method, error, code == 429 || code >= 500, retryAfter, e);
        } catch (IOException e) {
            throw new SlackCallException(method, "network: " + e.getClass().getSimpleName(), true, null, e);
        } catch (SlackFilesUploadV2Exception e) {
            // files.uploadV2 is three calls; the SDK throws, with their responses, when one fails.
            String error = uploadError(e);
            throw new SlackCallException(method, error == null ? "upload_failed" : error,
                    error == null || TRANSIENT.contains(error), null, e);
        }
        if (response == null) {
            throw new SlackCallException(method, "empty response", true, null, null);
        }
        if (!response.isOk()) {
            String error = response.getError() == null ? "unknown_error" : response.getError();
            throw new SlackCallException(method, error, TRANSIENT.contains(error), null, null);
        }
        return response;
    }

    /**
     * The error of the call that failed in a {@code files.uploadV2}: the upload address asked
     * for, or the upload completed; null when it was the upload itself (the file's bytes sent).
     */
    private static String uploadError(SlackFilesUploadV2Exception e) {
        if (e.getGetURLResponses() != null) {
            for (var r : e.getGetURLResponses()) {
                if (r != null && !r.isOk()) {
                    return r.getError() == null ? "unknown_error" : r.getError();
                }
            }
        }
        var complete = e.getCompleteResponse();
        if (complete != null && !complete.isOk()) {
            return complete.getError() == null ? "unknown_error" : complete.getError();
        }
        return null;
    }

    /** Everyone in a channel now ({@code conversations.members}, every page; capped at 10,000). */
    public java.util.List<String> channelMembers(String channelId) {
        java.util.List<String> all = new java.util.ArrayList<>();
        String cursor = null;
        do {
            String page = cursor;
            var r = call("conversations.members", c -> c.conversationsMembers(q -> q.channel(channelId).limit(200)
                    .cursor(page)));
            if (r.getMembers() != null) {
                all.addAll(r.getMembers());
            }
            cursor = r.getResponseMetadata() == null ? null : r.getResponseMetadata().getNextCursor();
        } while (cursor != null && !cursor.isEmpty() && all.size() < 10_000);
        return all;
    }
}
