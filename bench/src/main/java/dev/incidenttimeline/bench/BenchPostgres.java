package dev.incidenttimeline.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.incidenttimeline.store.Database;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
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

    void start() throws IOException {
        pg = EmbeddedPostgres.builder().setDataDirectory(dir).setCleanDataDirectory(false).setPort(port)
                .setServerConfig("synchronous_commit", "on").setServerConfig("max_connections", "300").start();
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

    HikariDataSource dataSource() {
        return ds;
    }

    @Override
    public void close() throws IOException {
        stop();
    }
}
