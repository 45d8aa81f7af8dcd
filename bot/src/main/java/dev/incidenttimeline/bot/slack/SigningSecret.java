package dev.incidenttimeline.bot.slack;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Slack's request signature ({@code X-Slack-Signature: v0=<hex HMAC-SHA256 of
 * "v0:<timestamp>:<body>">}, keyed with the app's signing secret), checked over the exact
 * bytes of the body, with the replay window closed on both sides: a request stamped more
 * than five minutes before or after now is refused. One {@link Mac} per thread, initialised
 * once: this runs for every delivery.
 */
final class SigningSecret {
    static final long WINDOW_MILLIS = 5 * 60 * 1000;
    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] VERSION = "v0:".getBytes(StandardCharsets.US_ASCII);

    private final ThreadLocal<Mac> mac;

    SigningSecret(String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("a signing secret is needed to check Slack's request signatures");
        }
        SecretKeySpec key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.mac = ThreadLocal.withInitial(() -> {
            try {
                Mac m = Mac.getInstance(ALGORITHM);
                m.init(key);
                return m;
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException("this JVM has no " + ALGORITHM, e);
            }
        });
    }

    /**
     * Whether {@code signature} signs {@code body} at {@code timestamp} (Unix seconds, as
     * Slack's {@code X-Slack-Request-Timestamp}), and that timestamp is within five minutes
     * of {@code nowMillis}.
     */
    boolean verifies(String timestamp, byte[] body, String signature, long nowMillis) {
        if (timestamp == null || signature == null || !signature.startsWith("v0=")) {
            return false;
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.strip());
        } catch (NumberFormatException e) {
            return false;
        }
        if (Math.abs(seconds * 1000 - nowMillis) > WINDOW_MILLIS) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(signature, 3, signature.length());
        } catch (IllegalArgumentException e) {
            return false;
        }
        Mac m = mac.get();
        m.update(VERSION);
        m.update(timestamp.getBytes(StandardCharsets.US_ASCII));
        m.update((byte) ':');
        m.update(body);
        return MessageDigest.isEqual(m.doFinal(), given);
    }
}
