package dev.incidenttimeline.bot.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.SettingsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TICKETS and its tracker's settings, checked at start with one line that names the variable. */
class TicketSettingsTest {

    private static Map<String, String> jira() {
        Map<String, String> env = new HashMap<>();
        env.put("TICKETS", "jira");
        env.put("JIRA_URL", "https://acme.atlassian.net/");
        env.put("JIRA_EMAIL", "bot@example.com");
        env.put("JIRA_API_TOKEN", "ATATT3xFfGF0-secret-token");
        env.put("JIRA_PROJECT", "OPS");
        return env;
    }

    @Test
    void unset_meansNoTracker() {
        TicketSettings s = TicketSettings.fromEnv(Map.of());
        assertThat(s.enabled()).isFalse();
        assertThat(s.webhookSecret()).isEmpty();
    }

    @Test
    void jira_isRead_withTheDefaultIssueType_andNoSecretInToString() {
        Map<String, String> env = jira();
        env.put("TICKETS_WEBHOOK_SECRET", "a-long-webhook-secret-value");
        TicketSettings s = TicketSettings.fromEnv(env);
        assertThat(s.tracker()).contains(TicketSettings.Tracker.JIRA);
        assertThat(s.jiraUrl()).isEqualTo("https://acme.atlassian.net");
        assertThat(s.jiraIssueType()).isEqualTo("Task");
        assertThat(s.toString()).doesNotContain("ATATT3xFfGF0-secret-token").doesNotContain("a-long-webhook");
        assertThat(Settings.fromEnv(env).toString()).doesNotContain("ATATT3xFfGF0").contains("tracker=jira");
    }

    @Test
    void unknownTracker_isRefused_withTheChoices() {
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "trello")))
                .isInstanceOf(SettingsException.class)
                .hasMessage("TICKETS must be jira, github or linear (or unset for no tracker), not 'trello'");
    }

    @Test
    void missingJiraSettings_nameTheVariable() {
        for (String name : new String[] {"JIRA_URL", "JIRA_EMAIL", "JIRA_API_TOKEN", "JIRA_PROJECT"}) {
            Map<String, String> env = jira();
            env.remove(name);
            assertThatThrownBy(() -> TicketSettings.fromEnv(env)).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(name + " is not set; TICKETS=jira needs");
        }
    }

    @Test
    void invalidValues_sayTheRightForm() {
        Map<String, String> env = jira();
        env.put("JIRA_URL", "acme.atlassian.net");
        assertThatThrownBy(() -> TicketSettings.fromEnv(env)).hasMessage(
                "JIRA_URL is not an http(s) URL; expected something like https://your-site.atlassian.net");
        Map<String, String> p = jira();
        p.put("JIRA_PROJECT", "ops team");
        assertThatThrownBy(() -> TicketSettings.fromEnv(p)).hasMessageContaining("JIRA_PROJECT must be a project key");
        Map<String, String> e = jira();
        e.put("JIRA_EMAIL", "bot");
        assertThatThrownBy(() -> TicketSettings.fromEnv(e)).hasMessageContaining("JIRA_EMAIL must be an email");
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS_WEBHOOK_SECRET", "short")))
                .hasMessageContaining("TICKETS_WEBHOOK_SECRET is too short (5 characters)");
    }

    @Test
    void github_needsTokenAndOwnerSlashRepo_andReadsTheUserMap(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "github", "GITHUB_REPO", "acme/ops")))
                .hasMessageStartingWith("GITHUB_TOKEN is not set; TICKETS=github needs");
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "github", "GITHUB_TOKEN", "t",
                "GITHUB_REPO", "ops"))).hasMessage("GITHUB_REPO must be owner/name, such as acme/ops, not 'ops'");
        Path map = dir.resolve("map");
        Files.writeString(map, "# people\nAlice@Example.com = alice-gh\n\nbob@example.com=bob\n");
        TicketSettings s = TicketSettings.fromEnv(Map.of("TICKETS", "github", "GITHUB_TOKEN", "t",
                "GITHUB_REPO", "acme/ops", "TICKETS_USER_MAP", map.toString()));
        assertThat(s.githubApiUrl()).isEqualTo("https://api.github.com");
        assertThat(s.userMap()).containsEntry("alice@example.com", "alice-gh").containsEntry("bob@example.com", "bob");
        Files.writeString(map, "alice@example.com alice-gh\n");
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "github", "GITHUB_TOKEN", "t",
                "GITHUB_REPO", "acme/ops", "TICKETS_USER_MAP", map.toString())))
                .hasMessage("TICKETS_USER_MAP line 1 is not slack_email=github_login (for example"
                        + " alice@example.com=alice-gh)");
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "github", "GITHUB_TOKEN", "t",
                "GITHUB_REPO", "acme/ops", "TICKETS_USER_MAP", dir.resolve("missing").toString())))
                .hasMessageContaining("cannot be read");
    }

    @Test
    void linear_needsKeyAndTeam() {
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "linear", "LINEAR_TEAM_ID", "t")))
                .hasMessageStartingWith("LINEAR_API_KEY is not set; TICKETS=linear needs");
        assertThatThrownBy(() -> TicketSettings.fromEnv(Map.of("TICKETS", "linear", "LINEAR_API_KEY", "k")))
                .hasMessageStartingWith("LINEAR_TEAM_ID is not set; TICKETS=linear needs");
        assertThat(TicketSettings.fromEnv(Map.of("TICKETS", "LINEAR", "LINEAR_API_KEY", "k", "LINEAR_TEAM_ID", "t"))
                .linearApiUrl()).isEqualTo("https://api.linear.app/graphql");
    }
}
