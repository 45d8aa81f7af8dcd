package dev.incidenttimeline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real embedded PostgreSQL per test JVM, and a fresh migrated database per test class:
 * {@code @RegisterExtension static final TestDatabase db = new TestDatabase();}. The schema
 * is migrated once into a template, and each class's database is a copy of it.
 */
public final class TestDatabase implements BeforeAllCallback, AfterAllCallback {
    private static final String TEMPLATE = "itl_template";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static EmbeddedPostgres server;

    private HikariDataSource dataSource;
    private Jdbi jdbi;
    private String databaseName;

    /** The shared server, started (and its template migrated) on first use. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot start the embedded PostgreSQL for tests", e);
            }
            execute("CREATE DATABASE " + TEMPLATE);
            HikariDataSource ds = pool(TEMPLATE, 2);
            try {
                Database.migrate(ds);
            } finally {
                ds.close();
            }
        }
        return server;
    }

    /** A new migrated database, named after {@code hint}. */
    public static String createDatabase(String hint) {
        server();
        String name = ("t_" + hint.replaceAll("[^A-Za-z0-9]", "_") + "_" + COUNTER.incrementAndGet())
                .toLowerCase(Locale.ROOT);
        if (name.length() > 60) {
            name = name.substring(name.length() - 60);
        }
        execute("CREATE DATABASE " + name + " TEMPLATE " + TEMPLATE);
        return name;
    }

    public static String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + server().getPort() + "/" + database + "?user=postgres";
    }

    private static HikariDataSource pool(String database, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl(database));
        c.setMaximumPoolSize(size);
        c.setMinimumIdle(0);
        return new HikariDataSource(c);
    }

    private static void execute(String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        databaseName = createDatabase(context.getRequiredTestClass().getSimpleName());
        dataSource = pool(databaseName, 12);
        jdbi = Database.configure(Jdbi.create(dataSource));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (dataSource != null) {
            dataSource.close();
        }
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public String databaseName() {
        return databaseName;
    }

    /** A JDBC URL of this class's database, for code under test that opens its own pool. */
    public String jdbcUrl() {
        return jdbcUrl(databaseName);
    }

    /** Empties every table (between tests of one class). */
    public void truncateAll() {
        jdbi.useHandle(h -> h.execute("""
                TRUNCATE incidents, timeline_entries, entry_tags, entry_revisions, entry_audit, action_items,
                         participants, message_cache, slack_users, slack_events, slack_effects, job_runs, slack_requests,
                         redactions, channel_members, scheduled_tasks CASCADE
                """));
    }
}
