package dev.incidenttimeline.bot.slack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The signature check against the worked example of Slack's "Verifying requests from Slack"
 * page (api.slack.com/authentication/verifying-requests-from-slack): its signing secret,
 * timestamp, slash-command body and expected signature.
 */
class SigningSecretTest {
    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String TIMESTAMP = "1531420618";
    static final byte[] BODY = ("token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow"
            + "&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner"
            + "&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J"
            + "%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121"
            + ".803a0bc887a14d10d2c447fce8b6703c").getBytes(StandardCharsets.UTF_8);
    static final String SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
    static final long SIGNED_AT = 1_531_420_618_000L;

    final SigningSecret secret = new SigningSecret(SECRET);

    @Test
    void slacksDocumentedExample_verifies() {
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE, SIGNED_AT)).isTrue();
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE.toUpperCase().replace("V0=", "v0="), SIGNED_AT))
                .as("hex digits in either case").isTrue();
    }

    @Test
    void anyChangedByte_orAnotherSecret_orAnotherTimestamp_doesNotVerify() {
        byte[] changed = BODY.clone();
        changed[changed.length - 1] = 'd';
        assertThat(secret.verifies(TIMESTAMP, changed, SIGNATURE, SIGNED_AT)).isFalse();
        assertThat(new SigningSecret(SECRET + "x").verifies(TIMESTAMP, BODY, SIGNATURE, SIGNED_AT)).isFalse();
        assertThat(secret.verifies("1531420619", BODY, SIGNATURE, SIGNED_AT)).isFalse();
    }

    @Test
    void theReplayWindow_isFiveMinutes_onBothSides() {
        long fiveMinutes = 5 * 60 * 1000;
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE, SIGNED_AT + fiveMinutes)).isTrue();
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE, SIGNED_AT + fiveMinutes + 1)).as("too old").isFalse();
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE, SIGNED_AT - fiveMinutes)).isTrue();
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE, SIGNED_AT - fiveMinutes - 1))
                .as("stamped ahead of now: a clock set forward must not widen the window").isFalse();
    }

    @Test
    void malformedHeaders_doNotVerify() {
        assertThat(secret.verifies(null, BODY, SIGNATURE, SIGNED_AT)).isFalse();
        assertThat(secret.verifies("soon", BODY, SIGNATURE, SIGNED_AT)).isFalse();
        assertThat(secret.verifies(TIMESTAMP, BODY, null, SIGNED_AT)).isFalse();
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE.substring(3), SIGNED_AT)).as("no v0=").isFalse();
        assertThat(secret.verifies(TIMESTAMP, BODY, "v0=zz", SIGNED_AT)).as("not hex").isFalse();
        assertThat(secret.verifies(TIMESTAMP, BODY, SIGNATURE.substring(0, 20), SIGNED_AT)).as("short").isFalse();
    }

    @Test
    void boltsVerificationStep_usesTheSameCheck() {
        SignatureWindow bolts = new SignatureWindow(SECRET);
        String body = new String(BODY, StandardCharsets.UTF_8);
        assertThat(bolts.isValid(TIMESTAMP, body, SIGNATURE, SIGNED_AT)).isTrue();
        assertThat(bolts.isValid(TIMESTAMP, body, SIGNATURE, SIGNED_AT - 5 * 60 * 1000 - 1)).isFalse();
    }

    @Test
    void noSecret_isRefusedWithTheReason() {
        assertThatThrownBy(() -> new SigningSecret(""))
                .hasMessageContaining("signing secret is needed");
    }
}
