package dev.incidenttimeline.store;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write that stands between Slack and its 2xx: events into the inbox, unique on their
 * {@code event_id}, by group commit. Each request hands its event to a committer and waits
 * ({@link #store}) or is called back ({@link #storeAsync}); a committer takes every event
 * waiting at that moment (up to {@link #MAX_GROUP}) and stores them with one multi-row
 * insert, which is one commit. While one group commits the next one gathers, so under load
 * many acks share a commit, and alone an event waits for nothing but its own insert. No
 * caller is told its event is stored before its row is committed.
 *
 * <p>Plain JDBC on purpose: it runs for every delivery, and a Jdbi handle and SqlObject per
 * request cost more than the insert itself. (Reads and the rest of the inbox go through
 * {@link InboxRepository}.) When a group's insert fails, its events are stored one by one, so
 * that one event the database refuses fails only its own request.
 */
public final class InboxWriter implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(InboxWriter.class);
    /** The most events one commit carries. */
    static final int MAX_GROUP = 256;
    /** Committers: while one waits for its commit, another gathers and sends the next group. */
    private static final int COMMITTERS = 2;
    /** How long a request waits for its commit before it is answered with an error (Slack retries). */
    private static final long WAIT_SECONDS = 10;

    /**
     * Arrival order is kept inside a group: {@code clock_timestamp()} is read row by row, and
     * workers claim in {@code next_attempt_at} order.
     */
    private static final String INSERT_GROUP = """
            INSERT INTO slack_events (team_id, event_id, event_type, body, message_key, next_attempt_at)
            SELECT t, e, y, b, m, clock_timestamp()
            FROM unnest(?::text[], ?::text[], ?::text[], ?::bytea[], ?::text[]) AS r(t, e, y, b, m)
            ON CONFLICT (team_id, event_id) DO NOTHING
            RETURNING team_id, event_id
            """;
    private static final String INSERT_ONE = """
            INSERT INTO slack_events (team_id, event_id, event_type, body, message_key)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (team_id, event_id) DO NOTHING
            """;

    private final DataSource dataSource;
    private final LinkedBlockingQueue<Pending> waiting = new LinkedBlockingQueue<>();
    private final List<Thread> committers = new ArrayList<>();
    private volatile boolean closed;

    private record Pending(String teamId, String eventId, String eventType, byte[] body, String messageKey,
            CompletableFuture<Boolean> stored) {
    }

    public InboxWriter(DataSource dataSource) {
        this.dataSource = dataSource;
        for (int i = 0; i < COMMITTERS; i++) {
            Thread t = new Thread(this::commitLoop, "inbox-commit-" + i);
            t.setDaemon(true);
            committers.add(t);
            t.start();
        }
    }

    /**
     * Stores an event durably (committed when this returns); false when it was already
     * stored (a Slack retry). The body is kept as the bytes Slack sent: legal JSON that
     * PostgreSQL's text and jsonb refuse (the escape {@code \u0000}) is stored all the same,
     * and cleaned only when the worker parses it. {@code messageKey} is
     * {@link InboxRepository#messageKey} of a message event's channel and ts, null for any
     * other event: a reaction that reaches the worker before its message waits for it.
     *
     * @throws IllegalStateException when the database refused or could not be reached
     */
    public boolean store(String teamId, String eventId, String eventType, String body, String messageKey) {
        return store(teamId, eventId, eventType, body.getBytes(StandardCharsets.UTF_8), messageKey);
    }

    /** See {@link #store(String, String, String, String, String)}. */
    public boolean store(String teamId, String eventId, String eventType, byte[] body, String messageKey) {
        try {
            return storeAsync(teamId, eventId, eventType, body, messageKey).get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IllegalStateException ise ? ise
                    : new IllegalStateException("could not store event " + eventId + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while storing event " + eventId, e);
        }
    }

    /**
     * {@link #store(String, String, String, byte[], String)} without waiting: the future is
     * completed by the committer once the event's row is committed (true) or was there
     * already (false), and fails with an {@link IllegalStateException} when the database
     * refused, could not be reached, or did not answer within {@link #WAIT_SECONDS} (the
     * commit may still happen then; Slack's retry is acknowledged as already stored). What
     * depends on it runs on the committer's thread, so it must not block.
     */
    public CompletableFuture<Boolean> storeAsync(String teamId, String eventId, String eventType, byte[] body,
            String messageKey) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("could not store event " + eventId + ": the inbox writer is closed"));
        }
        CompletableFuture<Boolean> stored = new CompletableFuture<>();
        waiting.add(new Pending(teamId, eventId, eventType, body, messageKey, stored));
        return stored.orTimeout(WAIT_SECONDS, TimeUnit.SECONDS).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
            if (cause instanceof TimeoutException) {
                return CompletableFuture.failedFuture(new IllegalStateException(
                        "could not store event " + eventId + " within " + WAIT_SECONDS + " s"));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    private void commitLoop() {
        List<Pending> group = new ArrayList<>(MAX_GROUP);
        while (!closed || !waiting.isEmpty()) {
            try {
                Pending first = waiting.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                group.add(first);
                waiting.drainTo(group, MAX_GROUP - 1);
                commit(group);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // commit completes every future itself; this is a bug guard, never a lost answer
                group.forEach(p -> p.stored().completeExceptionally(e));
            } finally {
                group.clear();
            }
        }
    }

    /** Stores one group in one statement, or each of its events alone when that fails. */
    private void commit(List<Pending> group) {
        if (group.size() == 1) {
            storeOne(group.get(0));
            return;
        }
        Set<String> inserted = new HashSet<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_GROUP)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            int n = group.size();
            String[] teams = new String[n];
            String[] ids = new String[n];
            String[] types = new String[n];
            byte[][] bodies = new byte[n][];
            String[] messageKeys = new String[n];
            for (int i = 0; i < n; i++) {
                Pending p = group.get(i);
                teams[i] = p.teamId();
                ids[i] = p.eventId();
                types[i] = p.eventType();
                bodies[i] = p.body();
                messageKeys[i] = p.messageKey();
            }
            Array teamArray = c.createArrayOf("text", teams);
            Array idArray = c.createArrayOf("text", ids);
            Array typeArray = c.createArrayOf("text", types);
            Array bodyArray = c.createArrayOf("bytea", bodies);
            ps.setArray(1, teamArray);
            ps.setArray(2, idArray);
            ps.setArray(3, typeArray);
            ps.setArray(4, bodyArray);
            ps.setArray(5, c.createArrayOf("text", messageKeys));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(key(rs.getString(1), rs.getString(2)));
                }
            }
        } catch (SQLException | RuntimeException e) {
            log.warn("group insert of {} events failed, storing them one by one: {}", group.size(), e.getMessage());
            group.forEach(this::storeOne);
            return;
        }
        // The same event twice in one group (a retry racing its original): the first one stored it.
        for (Pending p : group) {
            p.stored().complete(inserted.remove(key(p.teamId(), p.eventId())));
        }
    }

    private void storeOne(Pending p) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(INSERT_ONE)) {
            if (!c.getAutoCommit()) {
                c.setAutoCommit(true);
            }
            ps.setString(1, p.teamId());
            ps.setString(2, p.eventId());
            ps.setString(3, p.eventType());
            ps.setBytes(4, p.body());
            ps.setString(5, p.messageKey());
            p.stored().complete(ps.executeUpdate() == 1);
        } catch (SQLException | RuntimeException e) {
            p.stored().completeExceptionally(new IllegalStateException(
                    "could not store event " + p.eventId() + ": " + e.getMessage(), e));
        }
    }

    private static String key(String teamId, String eventId) {
        return teamId + "\u0000" + eventId;
    }

    /** Stores what is already waiting, then stops the committers (after the HTTP server stopped). */
    @Override
    public void close() {
        closed = true;
        for (Thread t : committers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
