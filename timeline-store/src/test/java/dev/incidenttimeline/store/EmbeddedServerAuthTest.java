package dev.incidenttimeline.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL lets no one in without the password kept in DATA_DIR. */
class EmbeddedServerAuthTest {
    @TempDir
    Path dataDir;

    private Connection login(String password) throws Exception {
        int port = Integer.parseInt(Files.readString(dataDir.resolve("server.port"), StandardCharsets.UTF_8).strip());
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres", p);
    }

    private String password() throws Exception {
        return Files.readString(dataDir.resolve(EmbeddedServer.PASSWORD_FILE), StandardCharsets.UTF_8).strip();
    }

    @Test
    void passwordlessPostgresLogin_isRefused_andThePasswordIsReadableByItsOwnerOnly() throws Exception {
        try (Database ignored = Database.embedded(dataDir, 2)) {
            assertThatThrownBy(() -> login(null)).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password");
            assertThatThrownBy(() -> login("postgres")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = login(password())) {
                assertThat(c.isValid(2)).isTrue();
            }
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    dataDir.resolve(EmbeddedServer.PASSWORD_FILE)))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
            // Another command on the same DATA_DIR still gets in (it reads the password).
            try (Database attached = Database.embedded(dataDir, 1)) {
                assertThat(attached.healthProblem()).isEmpty();
            }
        }
    }

    @Test
    void aFolderMadeWithTrust_isGivenAPassword_andTrustIsGone() throws Exception {
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve(EmbeddedServer.PG_FOLDER))
                .setCleanDataDirectory(false).start()) {
            try (Connection c = old.getPostgresDatabase().getConnection()) {
                c.createStatement().execute("CREATE DATABASE kept");
            }
        }
        try (Database ignored = Database.embedded(dataDir, 2)) {
            assertThatThrownBy(() -> login(null)).isInstanceOf(SQLException.class);
            try (Connection c = login(password())) {
                assertThat(c.createStatement().executeQuery("SELECT 1 FROM pg_database WHERE datname = 'kept'")
                        .next()).as("the old folder's data").isTrue();
            }
        }
    }
}
