package dev.incidenttimeline.bot.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.incidenttimeline.bot.config.TicketSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pure: what `action link` accepts per tracker, and the webhook signature schemes. */
class TicketReferencesTest {
    private static final Clock CLOCK = Clock.systemUTC();

    @Test
    void jira_takesAKeyOrABrowseLink() {
        TrackerClient jira = TrackerClient.of(TicketSettings.fromEnv(Map.of("TICKETS", "jira", "JIRA_URL",
                "https://acme.atlassian.net", "JIRA_EMAIL", "b@example.com", "JIRA_API_TOKEN", "t", "JIRA_PROJECT",
                "OPS")), CLOCK).orElseThrow();
        assertThat(jira.parseReference("ops-12").orElseThrow().url()).isEqualTo("https://acme.atlassian.net/browse/OPS-12");
        assertThat(jira.parseReference("https://acme.atlassian.net/browse/OPS-7").orElseThrow().key())
                .isEqualTo("OPS-7");
        assertThat(jira.parseReference("OPS")).isEmpty();
        assertThat(jira.parseReference("https://evil.example.com/x")).isEmpty();
    }

    @Test
    void github_takesANumberARepoReferenceOrTheIssueLink() {
        TrackerClient gh = TrackerClient.of(TicketSettings.fromEnv(Map.of("TICKETS", "github", "GITHUB_TOKEN", "t",
                "GITHUB_REPO", "acme/ops")), CLOCK).orElseThrow();
        assertThat(gh.parseReference("#42").orElseThrow().key()).isEqualTo("acme/ops#42");
        assertThat(gh.parseReference("acme/ops#42").orElseThrow().id()).isEqualTo("42");
        assertThat(gh.parseReference("https://github.com/acme/ops/issues/42").orElseThrow().url())
                .isEqualTo("https://github.com/acme/ops/issues/42");
        assertThat(gh.parseReference("https://github.com/other/repo/issues/42")).isEmpty();
    }

    @Test
    void linear_takesAnIdentifierOrTheIssueLink() {
        TrackerClient lin = TrackerClient.of(TicketSettings.fromEnv(Map.of("TICKETS", "linear", "LINEAR_API_KEY",
                "k", "LINEAR_TEAM_ID", "t")), CLOCK).orElseThrow();
        assertThat(lin.parseReference("ENG-123").orElseThrow().id()).isEqualTo("ENG-123");
        assertThat(lin.parseReference("https://linear.app/acme/issue/ENG-9/fix-it").orElseThrow().key())
                .isEqualTo("ENG-9");
        assertThat(lin.parseReference("eng")).isEmpty();
    }

    @Test
    void withoutATracker_onlyAFullTrackerLinkCanBeLinked() {
        assertThat(TicketLinks.trackerOfUrl("https://acme.atlassian.net/browse/OPS-1")).contains("jira");
        assertThat(TicketLinks.trackerOfUrl("https://github.com/acme/ops/issues/3")).contains("github");
        assertThat(TicketLinks.trackerOfUrl("https://linear.app/acme/issue/ENG-3/x")).contains("linear");
        assertThat(TicketLinks.trackerOfUrl("http://github.com/acme/ops/issues/3")).isEmpty();
        assertThat(TicketLinks.trackerOfUrl("OPS-1")).isEmpty();
    }

    @Test
    void signatures_areHmacSha256OfTheBody_inEachTrackersForm() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String hex = WebhookSignatures.hmacHex("secret-secret-secret", body);
        assertThat(hex).hasSize(64);
        assertThat(WebhookSignatures.valid("secret-secret-secret", body, "sha256=" + hex, true)).isTrue();
        assertThat(WebhookSignatures.valid("secret-secret-secret", body, "sha256=" + hex.toUpperCase(), true))
                .isTrue();
        assertThat(WebhookSignatures.valid("secret-secret-secret", body, hex, true)).isFalse();
        assertThat(WebhookSignatures.valid("secret-secret-secret", body, hex, false)).isTrue();
        assertThat(WebhookSignatures.valid("secret-secret-secret", "{\"a\":2}".getBytes(StandardCharsets.UTF_8),
                hex, false)).isFalse();
        assertThat(WebhookSignatures.valid("secret-secret-secret", body, null, false)).isFalse();
    }
}
