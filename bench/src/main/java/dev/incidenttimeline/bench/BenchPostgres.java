package dev.incidenttimeline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.incidenttimeline.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * An embedded PostgreSQL 17 on a fixed port and folder, so a fault run can stop and start
 * it under running replicas. Configured as the product's embedded default (durable commits).
 */
final class BenchPostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private EmbeddedPostgres pg;
    private HikariDataSource ds;
    private Jdbi jdbi;

    BenchPostgres(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
        start();
        Database.migrate(ds);
    }

    /**
     * Set {@code BENCH_PG_STATEMENTS} to a file name to load pg_stat_statements: the ingest
     * run then writes the statements of its maximum phase and drain there, by time spent.
     * auto_explain is loaded too, and logs the plan of any statement slower than 5 ms to
     * that name with {@code .log} added.
     */
    static final String STATEMENTS_ENV = "BENCH_PG_STATEMENTS";

    void start() throws IOException {
        EmbeddedPostgres.Builder b = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false)
                .setPort(port).setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "300");
        if (System.getenv(STATEMENTS_ENV) != null) {
            b.setServerConfig("shared_preload_libraries", "pg_stat_statements,auto_explain")
                    .setServerConfig("pg_stat_statements.track", "all")
                    .setServerConfig("auto_explain.log_min_duration", "5ms")
                    .setServerConfig("auto_explain.log_analyze", "on")
                    .setServerConfig("auto_explain.log_buffers", "on")
                    .setServerConfig("logging_collector", "on")
                    .setServerConfig("log_directory", Path.of(System.getenv(STATEMENTS_ENV)).toAbsolutePath()
                            .getParent().toString())
                    .setServerConfig("log_filename", Path.of(System.getenv(STATEMENTS_ENV)).getFileName() + ".log");
        }
        pg = b.start();
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(jdbcUrl());
        c.setMaximumPoolSize(40);
        ds = new HikariDataSource(c);
        jdbi = Database.configure(Jdbi.create(ds));
    }

    void stop() throws IOException {
        ds.close();
        pg.close();
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    }

    /** The PostgreSQL server process (the parent of every backend), for CPU accounting. */
    long postmasterPid() throws IOException {
        int backend = jdbi.withHandle(h -> h.createQuery("SELECT pg_backend_pid()").mapTo(Integer.class).one());
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + backend + "/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[1]);
    }

    Jdbi jdbi() {
        return jdbi;
    }

    /** Starts counting statements afresh, when {@link #STATEMENTS_ENV} is set. */
    void resetStatements() {
        if (System.getenv(STATEMENTS_ENV) != null) {
            jdbi.useHandle(h -> {
                h.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
                h.execute("SELECT pg_stat_statements_reset()");
            });
        }
    }

    /**
     * Writes the statements counted since {@link #resetStatements} to the file named by
     * {@link #STATEMENTS_ENV}: calls, rows, total and mean execution time, and WAL bytes, by
     * total time; the bench's own reads are among them.
     */
    void writeStatements() throws IOException {
        String file = System.getenv(STATEMENTS_ENV);
        if (file == null) {
            return;
        }
        List<String> lines = jdbi.withHandle(h -> h.createQuery("""
                SELECT calls, rows, round(total_exec_time::numeric, 1) AS total_ms,
                       round(mean_exec_time::numeric, 3) AS mean_ms, wal_bytes,
                       regexp_replace(query, '\\s+', ' ', 'g') AS query
                FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 40
                """).map((rs, ctx) -> rs.getLong("calls") + "\t" + rs.getLong("rows") + "\t" + rs.getString("total_ms")
                        + "\t" + rs.getString("mean_ms") + "\t" + rs.getLong("wal_bytes") + "\t" + rs.getString("query"))
                .list());
        List<String> out = new java.util.ArrayList<>();
        out.add("calls\trows\ttotal_ms\tmean_ms\twal_bytes\tquery");
        out.addAll(lines);
        java.nio.file.Files.write(Path.of(file), out);
    }

    HikariDataSource dataSource() {
        return ds;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
