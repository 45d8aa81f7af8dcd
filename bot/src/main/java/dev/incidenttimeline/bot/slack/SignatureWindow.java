package dev.incidenttimeline.bot.slack;

import com.slack.api.app_backend.SlackSignature;
import java.nio.charset.StandardCharsets;

/**
 * The verifier of Bolt's own verification step (Socket Mode has none; in HTTP mode it checks
 * whatever {@link HttpEventDoor} passes on to Bolt): {@link SigningSecret}'s check, so the
 * replay window is closed on both sides. Bolt alone refuses a request stamped more than five
 * minutes ago, and would let through one stamped further ahead, a window widened by a clock
 * set forward.
 */
final class SignatureWindow extends SlackSignature.Verifier {
    private final SigningSecret secret;

    SignatureWindow(String signingSecret) {
        super(new SlackSignature.Generator(signingSecret));
        this.secret = new SigningSecret(signingSecret);
    }

    @Override
    public boolean isValid(String timestamp, String requestBody, String signature) {
        return isValid(timestamp, requestBody, signature, System.currentTimeMillis());
    }

    @Override
    public boolean isValid(String timestamp, String requestBody, String signature, long nowInMillis) {
        return requestBody != null
                && secret.verifies(timestamp, requestBody.getBytes(StandardCharsets.UTF_8), signature, nowInMillis);
    }
}
