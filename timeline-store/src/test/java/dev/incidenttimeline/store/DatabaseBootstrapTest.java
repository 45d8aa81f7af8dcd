package dev.incidenttimeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import dev.incidenttimeline.domain.SettingsException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening the database: the embedded PostgreSQL in DATA_DIR (each test here starts its own
 * server, so there are few of them) and DATABASE_URL, with the one-line errors a user sees.
 */
class DatabaseBootstrapTest {
    private static final NewIncident INCIDENT = new NewIncident("T1", "Survives restarts", Severity.SEV2, false,
            "U1", "U1", Instant.parse("2026-11-16T09:00:00Z"), null);

    @TempDir
    Path tempDir;

    @Test
    void embedded_migratesOnce_andKeepsTheSchemaAndDataBetweenRuns() {
        Path dataDir = tempDir.resolve("data");
        long number;
        try (Database first = Database.embedded(dataDir, 2)) {
            assertThat(first.appliedMigrations()).isPositive();
            assertThat(first.isHealthy()).isTrue();
            assertThat(first.description()).contains(dataDir.toString());
            number = first.jdbi().onDemand(IncidentRepository.class).create(INCIDENT).number();
        }
        assertThat(dataDir.resolve(EmbeddedServer.PG_FOLDER)).isDirectory();

        try (Database again = Database.embedded(dataDir, 2)) {
            assertThat(again.appliedMigrations()).isZero();
            assertThat(again.jdbi().onDemand(IncidentRepository.class).findByNumber(number))
                    .hasValueSatisfying(i -> assertThat(i.title()).isEqualTo("Survives restarts"));
        }
    }

    @Test
    void embedded_onAFolderOwnedByALiveServer_connectsToIt() throws Exception {
        Path dataDir = tempDir.resolve("shared");
        try (Database owner = Database.embedded(dataDir, 2)) {
            owner.jdbi().onDemand(IncidentRepository.class).create(INCIDENT);

            try (Database attached = Database.embedded(dataDir, 2)) {
                assertThat(attached.appliedMigrations()).isZero();
                assertThat(attached.jdbi().onDemand(IncidentRepository.class).listAll()).hasSize(1);
            }

            // Closing the visitor leaves the owner's server running, and the folder still owned.
            assertThat(owner.isHealthy()).isTrue();
            assertThat(owner.jdbi().onDemand(IncidentRepository.class).listAll()).hasSize(1);
            assertThat(lockSeenFromAnotherProcess(dataDir.resolve("owner.lock"))).isEqualTo("HELD");
        }
        assertThat(lockSeenFromAnotherProcess(dataDir.resolve("owner.lock"))).isEqualTo("FREE");
    }

    @Test
    void dataDirThatIsAFile_isRefused_namingDataDir() throws IOException {
        Path file = Files.writeString(tempDir.resolve("not-a-folder"), "x");

        assertThatThrownBy(() -> Database.embedded(file, 1))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DATA_DIR")
                .hasMessageContaining("not-a-folder");
    }

    @Test
    void dataDirUnderAFile_isRefused_namingDataDir() throws IOException {
        Path file = Files.writeString(tempDir.resolve("plain-file"), "x");

        assertThatThrownBy(() -> Database.embedded(file.resolve("data"), 1))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DATA_DIR");
    }

    @Test
    void unreachableDatabaseUrl_isRefused_namingDatabaseUrl_withoutThePassword() {
        DatabaseUrl url = DatabaseUrl.parse("postgres://x:Sup3rS3cret@127.0.0.1:1/nope");

        assertThatThrownBy(() -> Database.connect(url, 1))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DATABASE_URL")
                .hasMessageContaining("cannot connect")
                .message().doesNotContain("Sup3rS3cret");
    }

    @Test
    void connect_toAnEmptyDatabase_migratesIt_andDescribesItWithoutThePassword() throws SQLException {
        TestDatabase.server();
        String name = "bootstrap_empty_" + ProcessHandle.current().pid();
        try (Connection c = TestDatabase.server().getPostgresDatabase().getConnection();
                Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name);
            s.execute("CREATE DATABASE " + name);
        }
        int port = TestDatabase.server().getPort();

        try (Database d = Database.connect(DatabaseUrl.parse("postgres://postgres:pw@localhost:" + port + "/" + name), 2)) {
            assertThat(d.appliedMigrations()).isPositive();
            assertThat(d.isHealthy()).isTrue();
            assertThat(d.description()).contains(name).doesNotContain("pw@").doesNotContain(":pw");
            Jdbi jdbi = d.jdbi();
            assertThat(jdbi.onDemand(IncidentRepository.class).create(INCIDENT).number()).isEqualTo(1);
        }
        try (Database d = Database.connect(DatabaseUrl.parse(TestDatabase.jdbcUrl(name)), 1)) {
            assertThat(d.appliedMigrations()).isZero();
        }
    }

    @Test
    void fromEnvironment_withAMalformedDatabaseUrl_isRefused_beforeTouchingDataDir() {
        Path dataDir = tempDir.resolve("untouched");

        assertThatThrownBy(() -> Database.fromEnvironment(Map.of("DATABASE_URL", "mysql://h/db",
                "DATA_DIR", dataDir.toString())))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("DATABASE_URL");
        assertThat(dataDir).doesNotExist();
    }

    /** Asks a separate JVM whether it could take the owner lock of a data folder. */
    private String lockSeenFromAnotherProcess(Path lockFile) throws Exception {
        Path probe = tempDir.resolve("LockProbe.java");
        Files.writeString(probe, """
                import java.nio.channels.FileChannel;
                import java.nio.file.Path;
                import java.nio.file.StandardOpenOption;

                public class LockProbe {
                    public static void main(String[] args) throws Exception {
                        try (FileChannel c = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE)) {
                            System.out.print(c.tryLock() == null ? "HELD" : "FREE");
                        }
                    }
                }
                """);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, probe.toString(), lockFile.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("lock probe finished").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    @Test
    void dataDir_defaultsToAFolderInTheHome_andFollowsDataDir() {
        assertThat(Database.dataDir(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".incident-timeline"));
        assertThat(Database.dataDir(Map.of("DATA_DIR", " "))).isEqualTo(Database.dataDir(Map.of()));
        Path custom = tempDir.resolve("custom");
        assertThat(Database.dataDir(Map.of("DATA_DIR", custom.toString()))).isEqualTo(custom);
    }
}
