package dev.incidenttimeline.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import dev.incidenttimeline.domain.SettingsException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.postgres.PostgresPlugin;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL the app uses: {@code DATABASE_URL} when it is set, otherwise an
 * embedded PostgreSQL whose data lives in {@code DATA_DIR}. Opening it migrates the schema.
 */
public final class Database implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Database.class);
    /**
     * Connections per process: the HTTP threads that store events (16), the inbox and
     * outbox workers (6), declaring, reconciling and scheduled jobs (4), with room to spare,
     * so that a slow Slack call held by a worker never starves the acknowledgement path.
     */
    static final int POOL_SIZE = 32;

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final EmbeddedServer embedded;
    private final String description;
    private final int appliedMigrations;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();
    /** What must stop before the pool closes and the embedded server stops (see {@link #stopFirstOnShutdown}). */
    private final java.util.Deque<Runnable> stopFirst = new java.util.concurrent.ConcurrentLinkedDeque<>();
    /**
     * The one JVM hook that stops this database. The JVM runs hooks concurrently and in no order, so the
     * embedded server registers none of its own: users of the database stop first, then the pool, then
     * PostgreSQL, all in this one thread.
     */
    private final Thread shutdownHook = new Thread(this::shutdown, "database-shutdown");

    private Database(HikariDataSource dataSource, EmbeddedServer embedded, String description) {
        this.dataSource = dataSource;
        this.embedded = embedded;
        this.description = description;
        this.jdbi = configure(Jdbi.create(dataSource));
        this.appliedMigrations = migrate(dataSource);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Runs {@code stop} when the JVM shuts down (SIGTERM, Ctrl-C), before the pool closes and before the
     * embedded PostgreSQL stops; the last registered runs first. {@code stop} should return once nothing
     * uses the database any more.
     */
    public void stopFirstOnShutdown(Runnable stop) {
        stopFirst.push(stop);
    }

    private void shutdown() {
        for (Runnable stop : stopFirst) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                log.warn("stopping before the database closes: {}", rootMessage(e));
            }
        }
        close();
    }

    /** Opens the database the environment names ({@code DATABASE_URL}, {@code DATA_DIR}). */
    public static Database fromEnvironment(Map<String, String> env) {
        String url = env.get("DATABASE_URL");
        if (url != null && !url.isBlank()) {
            return connect(DatabaseUrl.parse(url), POOL_SIZE);
        }
        return embedded(dataDir(env), POOL_SIZE);
    }

    /** Where the embedded PostgreSQL keeps its data: {@code DATA_DIR}, by default {@code ~/.incident-timeline}. */
    public static Path dataDir(Map<String, String> env) {
        String dir = env.get("DATA_DIR");
        if (dir == null || dir.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".incident-timeline");
        }
        return Path.of(dir);
    }

    public static Database connect(DatabaseUrl url, int poolSize) {
        HikariDataSource ds = pool(url.jdbcUrl(), url.user(), url.password(), poolSize, "DATABASE_URL");
        return open(ds, null, url.toString());
    }

    public static Database embedded(Path dataDir, int poolSize) {
        EmbeddedServer server = EmbeddedServer.start(dataDir);
        try {
            HikariDataSource ds = pool(server.jdbcUrl(), "postgres", server.password(), poolSize, "DATA_DIR");
            return open(ds, server, "embedded PostgreSQL in " + dataDir);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static Database open(HikariDataSource ds, EmbeddedServer server, String description) {
        try {
            return new Database(ds, server, description);
        } catch (RuntimeException e) {
            ds.close();
            throw e;
        }
    }

    /** Jdbi with the plugins every repository relies on. */
    public static Jdbi configure(Jdbi jdbi) {
        return jdbi.installPlugin(new SqlObjectPlugin())
                .installPlugin(new PostgresPlugin());
    }

    /** Applies the pending migrations; returns how many were applied. */
    public static int migrate(DataSource ds) {
        MigrateResult result = Flyway.configure()
                .dataSource(ds)
                .locations("classpath:db/migration")
                .load()
                .migrate();
        return result.migrationsExecuted;
    }

    private static HikariDataSource pool(String jdbcUrl, String user, String password, int size, String setting) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl);
        if (user != null) {
            c.setUsername(user);
        }
        if (password != null) {
            c.setPassword(password);
        }
        // Flyway holds two connections while it migrates; a pool of one would wait for itself.
        c.setMaximumPoolSize(Math.max(2, size));
        c.setMinimumIdle(Math.min(2, size));
        c.setPoolName("incident-timeline");
        c.setConnectionTimeout(10_000);
        c.setInitializationFailTimeout(2_000);
        try {
            return new HikariDataSource(c);
        } catch (HikariPool.PoolInitializationException e) {
            throw new SettingsException(setting + ": cannot connect to the database (" + rootMessage(e)
                    + "); check that PostgreSQL is running and that the URL, user and password are right", e);
        } catch (RuntimeException e) {
            throw new SettingsException(setting + ": " + rootMessage(e) + "; expected " + DatabaseUrl.FORMS, e);
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** How many migrations opening this database applied (0 when it was up to date). */
    public int appliedMigrations() {
        return appliedMigrations;
    }

    /** Where the data lives, without secrets. */
    public String description() {
        return description;
    }

    /** Whether a connection can be had and answers. */
    public boolean isHealthy() {
        try (Connection c = dataSource.getConnection()) {
            return c.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Empty when the database answers a query within a few seconds, otherwise what went wrong
     * (for {@code /health}; the message names no secret: URLs and passwords stay out).
     */
    public java.util.Optional<String> healthProblem() {
        try (Connection c = dataSource.getConnection();
                java.sql.Statement st = c.createStatement()) {
            st.setQueryTimeout(2);
            try (java.sql.ResultSet rs = st.executeQuery("SELECT 1")) {
                return rs.next() ? java.util.Optional.empty() : java.util.Optional.of("database returned no row");
            }
        } catch (SQLException | RuntimeException e) {
            return java.util.Optional.of("database does not answer: " + rootMessage(e));
        }
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook runs or has run, and finds this closed
            }
        }
        dataSource.close();
        if (embedded != null) {
            embedded.close();
        }
        log.debug("closed {}", description);
    }
}
