package dev.incidenttimeline.bot.tickets;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The trackers' webhook signatures, all HMAC-SHA256 of the raw body with the shared secret:
 * Jira's {@code X-Hub-Signature: sha256=<hex>} (or the secret as a {@code token} in the URL),
 * GitHub's {@code X-Hub-Signature-256: sha256=<hex>}, Linear's {@code Linear-Signature: <hex>}.
 * Compared in constant time. Pure.
 */
public final class WebhookSignatures {
    private WebhookSignatures() {
    }

    public static String hmacHex(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code header} is {@code sha256=<hex>} (Jira, GitHub) or {@code <hex>} (Linear, {@code prefixed} false). */
    public static boolean valid(String secret, byte[] body, String header, boolean prefixed) {
        if (secret == null || header == null) {
            return false;
        }
        String given = header.strip();
        if (prefixed) {
            if (!given.startsWith("sha256=")) {
                return false;
            }
            given = given.substring("sha256=".length());
        }
        return equal(hmacHex(secret, body), given.toLowerCase(java.util.Locale.ROOT));
    }

    public static boolean equal(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }
}
