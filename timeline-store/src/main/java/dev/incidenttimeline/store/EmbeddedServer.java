package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.SettingsException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL behind the default {@code DATA_DIR}. One process owns a data
 * folder at a time (it holds {@code owner.lock}); another process started on the same
 * folder, such as a CLI command while {@code serve} runs, connects to the owner's server
 * instead. A server orphaned by a killed owner is stopped before a new one starts.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedServer.class);
    /** PostgreSQL data folders are tied to the major version, so the version names the folder. */
    static final String PG_FOLDER = "pg17";
    /**
     * Folders whose owner lock this JVM holds. A second start on one of them must not open
     * owner.lock again: closing any channel on the file drops this JVM's lock (POSIX).
     */
    private static final Set<Path> OWNED_HERE = ConcurrentHashMap.newKeySet();

    private final EmbeddedPostgres postgres;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Path portFile;
    private final int port;
    private final String password;

    /** The superuser's password, generated at first start; only this user may read it. */
    static final String PASSWORD_FILE = "pg.password";
    /** Every login needs the password: no trust, over TCP (loopback only) or the local socket. */
    static final String HBA = """
            # Written by incident-timeline at every start: every login needs the password.
            local all all scram-sha-256
            host  all all 127.0.0.1/32 scram-sha-256
            host  all all ::1/128 scram-sha-256
            """;

    private EmbeddedServer(EmbeddedPostgres postgres, FileChannel lockChannel, FileLock lock, Path portFile, int port,
            String password) {
        this.postgres = postgres;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.portFile = portFile;
        this.port = port;
        this.password = password;
    }

    static EmbeddedServer start(Path dataDir) {
        Path dir = dataDir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new SettingsException("DATA_DIR: cannot create " + dir + " (" + Database.rootMessage(e)
                    + "); set DATA_DIR to a folder this user can write");
        }
        if (!Files.isWritable(dir)) {
            throw new SettingsException("DATA_DIR: " + dir + " is not writable; set DATA_DIR to a folder this user can write");
        }
        Path portFile = dir.resolve("server.port");
        if (OWNED_HERE.contains(dir)) {
            return attach(dir, portFile);
        }
        FileChannel channel;
        try {
            channel = FileChannel.open(dir.resolve("owner.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new SettingsException("DATA_DIR: cannot write in " + dir + " (" + Database.rootMessage(e)
                    + "); set DATA_DIR to a folder this user can write");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SettingsException("DATA_DIR: cannot lock " + dir + " (" + Database.rootMessage(e) + ")");
        }
        if (lock == null) {
            closeQuietly(channel);
            return attach(dir, portFile);
        }
        OWNED_HERE.add(dir);
        try {
            Path pgDir = dir.resolve(PG_FOLDER);
            stopOrphan(pgDir);
            restrict(dir);
            Path passwordFile = dir.resolve(PASSWORD_FILE);
            boolean fresh = !Files.exists(pgDir.resolve("postgresql.conf"));
            if (!Files.exists(passwordFile)) {
                writePassword(passwordFile);
                if (!fresh) {
                    setPasswordOnOldFolder(pgDir, Files.readString(passwordFile, StandardCharsets.UTF_8).strip());
                }
            }
            String password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            EmbeddedPostgres pg = builder(pgDir)
                    // The readiness check logs in too.
                    .setConnectConfig("password", password)
                    // initdb sets the superuser's password from the file (read once, at first start) …
                    .setLocaleConfig("pwfile", passwordFile.toString())
                    // … and every start replaces initdb's "trust" rules: a login needs that password.
                    .setDataDirectoryCustomizer(d -> writeHba(d.toPath()))
                    .start();
            Files.writeString(portFile, Integer.toString(pg.getPort()), StandardCharsets.UTF_8);
            log.info("embedded PostgreSQL started on port {} with data in {}", pg.getPort(), pgDir);
            return new EmbeddedServer(pg, channel, lock, portFile, pg.getPort(), password);
        } catch (IOException | RuntimeException e) {
            OWNED_HERE.remove(dir);
            releaseQuietly(lock);
            closeQuietly(channel);
            if (e instanceof SettingsException se) {
                throw se;
            }
            throw new SettingsException("DATA_DIR: cannot start the embedded PostgreSQL in " + dir + " ("
                    + Database.rootMessage(e) + "); check the folder, or set DATABASE_URL to use another PostgreSQL", e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path pgDir) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(pgDir)
                .setCleanDataDirectory(false)
                // Database stops the server from its own hook, after the pool; a hook here would run
                // alongside it and stop PostgreSQL under workers that are still finishing.
                .setRegisterShutdownHook(false)
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("listen_addresses", "localhost")
                .setServerConfig("password_encryption", "scram-sha-256")
                .setPGStartupWait(Duration.ofSeconds(60));
    }

    /** DATA_DIR holds the password and the database: only this user may enter it. */
    private static void restrict(Path dir) throws IOException {
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            log.debug("no POSIX permissions on {}", dir);
        }
    }

    private static void writePassword(Path file) throws IOException {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        Files.writeString(tmp, password + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeHba(Path pgDir) {
        try {
            Files.writeString(pgDir.resolve("pg_hba.conf"), HBA, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + pgDir.resolve("pg_hba.conf"), e);
        }
    }

    /**
     * A folder made before logins needed a password: start it once as it was (no other
     * process can reach it: we hold the owner lock and it listens on loopback only) to give
     * the superuser the new password, then stop it.
     */
    private static void setPasswordOnOldFolder(Path pgDir, String password) throws IOException {
        try (EmbeddedPostgres old = builder(pgDir).start();
                java.sql.Connection c = old.getPostgresDatabase().getConnection();
                java.sql.PreparedStatement st = c.prepareStatement("SELECT set_config('password_encryption',"
                        + " 'scram-sha-256', false)")) {
            st.execute();
            try (java.sql.Statement alter = c.createStatement()) {
                // ALTER ROLE takes no bind parameters; the password is our own base64url text.
                alter.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot set the database password: " + e.getMessage(), e);
        }
        log.info("embedded PostgreSQL in {} now needs a password (kept in DATA_DIR/{})", pgDir, PASSWORD_FILE);
    }

    /** Another process owns the folder: use its server when it answers. */
    private static EmbeddedServer attach(Path dir, Path portFile) {
        Optional<Integer> port = readPort(portFile);
        if (port.isPresent() && answers(port.get())) {
            log.info("DATA_DIR {} is served by another process; connecting to its PostgreSQL on port {}", dir, port.get());
            String password;
            try {
                password = Files.readString(dir.resolve(PASSWORD_FILE), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                throw new SettingsException("DATA_DIR: cannot read " + dir.resolve(PASSWORD_FILE) + " ("
                        + Database.rootMessage(e) + "); run as the user that started serve on this DATA_DIR");
            }
            return new EmbeddedServer(null, null, null, null, port.get(), password);
        }
        throw new SettingsException("DATA_DIR: " + dir + " is in use by another process that is still starting or"
                + " stopping; wait for it, or set DATA_DIR to another folder");
    }

    private static Optional<Integer> readPort(Path portFile) {
        try {
            return Optional.of(Integer.parseInt(Files.readString(portFile, StandardCharsets.UTF_8).strip()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("localhost", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * When the owner was killed, its PostgreSQL may still run on the folder and would block
     * a new start. We hold the owner lock, so any such server is an orphan: ask it to stop.
     */
    private static void stopOrphan(Path pgDir) throws IOException {
        Path pidFile = pgDir.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(Files.readAllLines(pidFile, StandardCharsets.UTF_8).get(0).strip());
        } catch (RuntimeException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isEmpty()) {
            return;
        }
        log.warn("stopping PostgreSQL (pid {}) left running on {} by a process that was killed", pid, pgDir);
        // SIGINT is PostgreSQL's "fast" shutdown: it rolls back open transactions and exits.
        new ProcessBuilder("kill", "-INT", Long.toString(pid)).inheritIO().start();
        ProcessHandle p = orphan.get();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (p.isAlive() && System.nanoTime() < deadline) {
            try {
                p.onExit().get(200, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // keep waiting
            } catch (Exception e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for the old PostgreSQL to stop", e);
            }
        }
        if (p.isAlive()) {
            throw new IOException("PostgreSQL pid " + pid + " left by a killed process does not stop");
        }
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    /** The superuser's password (never logged). */
    String password() {
        return password;
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        if (postgres == null) {
            return;
        }
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(portFile);
            } catch (IOException e) {
                log.debug("could not remove {}", portFile, e);
            }
            OWNED_HERE.remove(portFile.getParent());
            releaseQuietly(lock);
            closeQuietly(lockChannel);
        }
    }

    private static void releaseQuietly(FileLock lock) {
        try {
            lock.release();
        } catch (IOException e) {
            log.debug("could not release the DATA_DIR lock", e);
        }
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            log.debug("could not close the DATA_DIR lock file", e);
        }
    }
}
