package dev.incidenttimeline.bot.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandLineTest {

    @Test
    void migrateTwiceOnAFreshDataDir_createsTheSchemaOnce(@TempDir Path dir) {
        Map<String, String> env = Map.of("DATA_DIR", dir.toString());
        CliRun first = CliRun.run(env, "migrate");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).containsPattern("^Applied \\d+ migrations? ");
        CliRun second = CliRun.run(env, "migrate");
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).startsWith("Schema is up to date");
        assertThat(dir.resolve("pg17/PG_VERSION")).exists();
    }

    @Test
    void serveWithoutSlackSettings_exits2WithOneLineNamingTheVariable(@TempDir Path dir) {
        CliRun r = CliRun.run(Map.of("DATA_DIR", dir.toString()), "serve");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("SLACK_BOT_TOKEN is not set");
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void serveInHttpModeWithoutSigningSecret_exits2(@TempDir Path dir) {
        CliRun r = CliRun.run(Map.of("DATA_DIR", dir.toString(), "SLACK_BOT_TOKEN", "xoxb-test-token-0000000000"),
                "serve");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("SLACK_SIGNING_SECRET is not set");
    }

    @Test
    void trackerWithoutItsSettings_exits2WithOneLineNamingTheVariable() {
        CliRun r = CliRun.run(Map.of("TICKETS", "jira", "JIRA_URL", "https://acme.atlassian.net",
                "JIRA_API_TOKEN", "secret-token-value"), "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("JIRA_EMAIL is not set").doesNotContain("secret-token-value");
    }

    @Test
    void status_showsThePendingTicketSyncs(@TempDir Path dir) {
        CliRun r = CliRun.run(Map.of("DATA_DIR", dir.toString()), "status");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Ticket syncs: none pending");
    }

    @Test
    void malformedDatabaseUrl_exits2WithTheRightForm() {
        CliRun r = CliRun.run(Map.of("DATABASE_URL", "mysql://x@y/z"), "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).contains("DATABASE_URL").contains("postgres://user:password@host:5432/database");
    }

    @Test
    void unreachableDatabase_exits2AndSaysWhatToCheck() {
        CliRun r = CliRun.run(Map.of("DATABASE_URL", "postgres://u:secret-pw@127.0.0.1:1/db"), "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("DATABASE_URL: cannot connect").doesNotContain("secret-pw");
        assertThat(r.err()).doesNotContain("\tat ");
    }

    @Test
    void verbose_addsTheStackTrace() {
        CliRun r = CliRun.run(Map.of("DATABASE_URL", "postgres://u:p@127.0.0.1:1/db"), "list", "--verbose");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("\tat ");
    }

    @Test
    void dataDirThatIsAFile_exits2NamingDataDir(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        CliRun r = CliRun.run(Map.of("DATA_DIR", file.toString()), "migrate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("DATA_DIR");
    }

    @Test
    void badSetting_exits2NamingIt(@TempDir Path dir) {
        CliRun r = CliRun.run(Map.of("DATA_DIR", dir.toString(), "TIMEZONE", "Mars/Olympus"), "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("TIMEZONE must be an IANA zone");
    }

    @Test
    void retentionDaysThatIsNotADayCount_exits2WithOneLineNamingIt(@TempDir Path dir) {
        CliRun r = CliRun.run(Map.of("DATA_DIR", dir.toString(), "RETENTION_DAYS", "two weeks"), "list");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("RETENTION_DAYS must be a number of days").doesNotContain("\tat ");
    }

    @Test
    void unknownOption_exits2WithUsageHint() {
        CliRun r = CliRun.run(Map.of(), "report", "--wek", "2026-W47");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--wek").contains("--help");
    }

    @Test
    void helpAndVersion_exit0() {
        CliRun help = CliRun.run(Map.of(), "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("serve", "migrate", "export", "report", "list", "status");
        assertThat(CliRun.run(Map.of(), "--version").out()).startsWith("incident-timeline");
        assertThat(CliRun.run(Map.of(), "export", "--help").out()).contains("--format", "--template");
    }
}
