package dev.incidenttimeline.bot.redaction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fake secrets in the shapes their issuers document (AWS's own example key pair, and so on). */
class RedactorTest {
    private final Redactor redactor = Redactor.builtIn();

    private String redact(String s) {
        return redactor.redact(s).text();
    }

    @Test
    void awsAccessKeyAndSecret_areReplacedByTheirKind() {
        Redactor.Result r = redactor.redact("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE\n"
                + "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        assertThat(r.text()).isEqualTo("export AWS_ACCESS_KEY_ID=[redacted: aws-access-key]\n"
                + "export AWS_SECRET_ACCESS_KEY=[redacted: aws-secret-key]");
        assertThat(r.kinds()).containsExactly("aws-access-key", "aws-secret-key");
    }

    @Test
    void slackAndGithubTokens_areReplaced() {
        assertThat(redact("bot xoxb-1234567890-0987654321-AbCdEfGhIjKlMnOp, app xapp-1-A0123-456-abcdef0123"))
                .isEqualTo("bot [redacted: slack-token], app [redacted: slack-app-token]");
        assertThat(redact("ghp_1234567890abcdefghijABCDEFGHIJ123456 and github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"))
                .isEqualTo("[redacted: github-token] and [redacted: github-token]");
    }

    @Test
    void privateKeyBlock_isReplacedWhole_evenWhenPastedWithoutItsEnd() {
        String key = "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA0Z3VS5JJcds3xfn/ygWyF8PbnGy\n"
                + "-----END RSA PRIVATE KEY-----";
        assertThat(redact("here:\n" + key + "\nthanks")).isEqualTo("here:\n[redacted: private-key]\nthanks");
        assertThat(redact("oops -----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA"))
                .isEqualTo("oops [redacted: private-key]");
    }

    @Test
    void jwtBearerHeaderAndPasswordInUrl_keepTheirContext() {
        assertThat(redact("curl -H 'Authorization: Bearer abcdef0123456789abcdef' "
                + "https://admin:hunter2hunter2@db.internal:5432/app"))
                .isEqualTo("curl -H 'Authorization: Bearer [redacted: bearer-token]' "
                        + "https://admin:[redacted: url-password]@db.internal:5432/app");
        assertThat(redact("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"))
                .isEqualTo("token [redacted: jwt]");
    }

    @Test
    void ordinaryIncidentText_isLeftAlone() {
        String text = "p99 at 2300ms on checkout-api since 09:05, rolled back to v1.42 <@U0BOB> <https://grafana.example/d/x|dash>";
        assertThat(redactor.redact(text).changed()).isFalse();
        assertThat(redact(text)).isEqualTo(text);
    }

    @Test
    void extraPatterns_redactAsCustom_andABadOneIsNamedWithItsProblem() {
        assertThat(Redactor.withExtra(List.of("ACME-[0-9]{8}")).redact("key ACME-12345678 used").text())
                .isEqualTo("key [redacted: custom] used");
        assertThatThrownBy(() -> Redactor.withExtra(List.of("ACME-[0-9")))
                .hasMessageStartingWith("pattern 'ACME-[0-9' is not a valid regular expression");
        assertThatThrownBy(() -> Redactor.withExtra(List.of("x*")))
                .hasMessage("pattern 'x*' matches empty text");
    }
}
