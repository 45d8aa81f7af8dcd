package dev.incidenttimeline.bot.slack;

import com.slack.api.app_backend.SlackSignature;

/**
 * Bolt's signature check, with the replay window closed on both sides: Bolt refuses a
 * request stamped more than five minutes ago, and this also refuses one stamped more than
 * five minutes ahead (a replay window must not be widened by a clock set forward). It is
 * the verifier of Bolt's own verification step, so it holds whichever HTTP server or
 * servlet container hands requests to the app.
 */
final class SignatureWindow extends SlackSignature.Verifier {
    static final long WINDOW_MILLIS = SlackSignature.TimestampVerifier.TIMESTAMP_EXPIRATION_TIME_IN_MILLIS;

    SignatureWindow(String signingSecret) {
        super(new SlackSignature.Generator(signingSecret));
    }

    @Override
    public boolean isValid(String timestamp, String requestBody, String signature) {
        return isValid(timestamp, requestBody, signature, System.currentTimeMillis());
    }

    @Override
    public boolean isValid(String timestamp, String requestBody, String signature, long nowInMillis) {
        return notAhead(timestamp, nowInMillis) && super.isValid(timestamp, requestBody, signature, nowInMillis);
    }

    /** Whether a request timestamp (Unix seconds) is at most five minutes ahead of {@code nowInMillis}. */
    static boolean notAhead(String timestamp, long nowInMillis) {
        if (timestamp == null) {
            return false;
        }
        try {
            return Long.parseLong(timestamp.strip()) * 1000 - nowInMillis <= WINDOW_MILLIS;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
