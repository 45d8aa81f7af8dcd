package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.Incident;
import dev.incidenttimeline.domain.IncidentStatus;
import dev.incidenttimeline.domain.NewIncident;
import dev.incidenttimeline.domain.Severity;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.UseRowMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Incidents: declared by command or imported, found by key or by their channel. */
@RegisterRowMapper(IncidentRepository.Mapper.class)
public interface IncidentRepository {

    default Incident create(NewIncident n) {
        return insert(n.teamId(), n.title(), n.severity().level(), n.isPrivate(), n.commanderId(), n.createdBy(),
                n.declaredAt(), n.summary(), "slack");
    }

    default Incident createImported(NewIncident n, Instant startedAt) {
        Incident i = insert(n.teamId(), n.title(), n.severity().level(), n.isPrivate(), n.commanderId(), n.createdBy(),
                n.declaredAt(), n.summary(), "import");
        setKeyTimes(i.teamId(), i.number(), startedAt, null, null);
        return find(i.teamId(), i.number()).orElseThrow();
    }

    @SqlQuery("""
            INSERT INTO incidents (team_id, title, severity, status, is_private, commander_id, created_by,
                                   declared_at, summary, origin)
            VALUES (:teamId, :title, :severity, 'investigating', :isPrivate, :commanderId, :createdBy,
                    :declaredAt, :summary, :origin)
            RETURNING *
            """)
    Incident insert(String teamId, String title, int severity, boolean isPrivate, String commanderId,
            String createdBy, Instant declaredAt, String summary, String origin);

    @SqlQuery("SELECT * FROM incidents WHERE team_id = :teamId AND number = :number")
    Optional<Incident> find(String teamId, long number);

    /** By key alone, for the CLI: numbers are unique in a database. */
    @SqlQuery("SELECT * FROM incidents WHERE number = :number")
    Optional<Incident> findByNumber(long number);

    @SqlQuery("SELECT * FROM incidents WHERE team_id = :teamId AND channel_id = :channelId")
    Optional<Incident> findByChannel(String teamId, String channelId);

    @SqlQuery("SELECT * FROM incidents WHERE team_id = :teamId AND channel_name = :channelName ORDER BY number")
    List<Incident> listByChannelName(String teamId, String channelName);

    @SqlQuery("SELECT * FROM incidents WHERE team_id = :teamId AND status <> 'resolved' ORDER BY severity, declared_at")
    List<Incident> listOpen(String teamId);

    /** Every incident of every workspace, newest first (CLI {@code list}). */
    @SqlQuery("SELECT * FROM incidents ORDER BY number DESC")
    List<Incident> listAll();

    @SqlQuery("SELECT DISTINCT team_id FROM incidents ORDER BY team_id")
    List<String> listTeams();

    /** Incidents declared in {@code [from, to)}, oldest first. */
    @SqlQuery("""
            SELECT * FROM incidents
            WHERE team_id = :teamId AND declared_at >= :from AND declared_at < :to
            ORDER BY declared_at, number
            """)
    List<Incident> listDeclaredBetween(String teamId, Instant from, Instant to);

    /** Several incidents at once, by number (reports: the incidents of a set of action items). */
    @SqlQuery("SELECT * FROM incidents WHERE team_id = :teamId AND number = ANY(:numbers) ORDER BY number")
    List<Incident> listByNumbers(String teamId, long[] numbers);

    /** Incidents resolved in {@code [from, to)}, whenever they were declared (report policy figures). */
    @SqlQuery("""
            SELECT * FROM incidents
            WHERE team_id = :teamId AND status = 'resolved' AND resolved_at >= :from AND resolved_at < :to
            ORDER BY declared_at, number
            """)
    List<Incident> listResolvedBetween(String teamId, Instant from, Instant to);

    /** Incidents declared before {@code before} that are still open. */
    @SqlQuery("""
            SELECT * FROM incidents
            WHERE team_id = :teamId AND status <> 'resolved' AND declared_at < :before
            ORDER BY declared_at, number
            """)
    List<Incident> listOpenDeclaredBefore(String teamId, Instant before);

    @SqlUpdate("""
            UPDATE incidents SET channel_id = :channelId, channel_name = :channelName, updated_at = now()
            WHERE team_id = :teamId AND number = :number
            """)
    int setChannel(String teamId, long number, String channelId, String channelName);

    /** Moves the lifecycle; {@code resolvedAt} is set when resolving and cleared when reopening. */
    @SqlUpdate("""
            UPDATE incidents SET status = :status, resolved_at = :resolvedAt, updated_at = now()
            WHERE team_id = :teamId AND number = :number
            """)
    int updateStatusRaw(String teamId, long number, String status, Instant resolvedAt);

    default int updateStatus(String teamId, long number, IncidentStatus status, Instant at) {
        return updateStatusRaw(teamId, number, status.code(), status == IncidentStatus.RESOLVED ? at : null);
    }

    @SqlUpdate("UPDATE incidents SET severity = :severity, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int updateSeverityRaw(String teamId, long number, int severity);

    default int updateSeverity(String teamId, long number, Severity severity) {
        return updateSeverityRaw(teamId, number, severity.level());
    }

    @SqlUpdate("UPDATE incidents SET commander_id = :userId, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int setCommander(String teamId, long number, String userId);

    @SqlUpdate("UPDATE incidents SET dri_id = :userId, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int setDri(String teamId, long number, String userId);

    @SqlUpdate("UPDATE incidents SET summary = :text, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int setSummary(String teamId, long number, String text);

    @SqlUpdate("UPDATE incidents SET impact = :text, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int setImpact(String teamId, long number, String text);

    @SqlUpdate("UPDATE incidents SET root_cause = :text, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int setRootCause(String teamId, long number, String text);

    @SqlUpdate("""
            UPDATE incidents SET contributing_factors = :text, updated_at = now()
            WHERE team_id = :teamId AND number = :number
            """)
    int setContributingFactors(String teamId, long number, String text);

    @SqlUpdate("UPDATE incidents SET title = :title, updated_at = now() WHERE team_id = :teamId AND number = :number")
    int setTitle(String teamId, long number, String title);

    /** Sets the key moments that are given (null leaves a moment as it is). */
    @SqlUpdate("""
            UPDATE incidents SET started_at = COALESCE(:startedAt, started_at),
                                 detected_at = COALESCE(:detectedAt, detected_at),
                                 mitigated_at = COALESCE(:mitigatedAt, mitigated_at),
                                 updated_at = now()
            WHERE team_id = :teamId AND number = :number
            """)
    int setKeyTimes(String teamId, long number, Instant startedAt, Instant detectedAt, Instant mitigatedAt);

    /** Records the first detection / mitigation moment, keeping an earlier one. */
    @SqlUpdate("""
            UPDATE incidents SET detected_at = LEAST(detected_at, :at), updated_at = now()
            WHERE team_id = :teamId AND number = :number
            """)
    int noteDetected(String teamId, long number, Instant at);

    @SqlUpdate("""
            UPDATE incidents SET mitigated_at = LEAST(mitigated_at, :at), updated_at = now()
            WHERE team_id = :teamId AND number = :number
            """)
    int noteMitigated(String teamId, long number, Instant at);

    /** Advances the reconciliation watermark; never moves it back. */
    @SqlUpdate("""
            UPDATE incidents SET last_message_ts = :ts
            WHERE team_id = :teamId AND number = :number
              AND (last_message_ts IS NULL OR last_message_ts::numeric < :ts::numeric)
            """)
    int advanceLastMessageTs(String teamId, long number, String ts);

    /** Removes an incident whose channel could never be created (nothing else refers to it yet). */
    @SqlUpdate("DELETE FROM incidents WHERE team_id = :teamId AND number = :number")
    int delete(String teamId, long number);

    /**
     * Incidents declared in Slack before {@code declaredBefore} whose channel was never
     * created (the process stopped half-way): {@code serve} finishes them on start.
     */
    @SqlQuery("""
            SELECT * FROM incidents
            WHERE origin = 'slack' AND channel_id IS NULL AND status <> 'resolved' AND declared_at < :declaredBefore
            ORDER BY team_id, number
            """)
    List<Incident> listAwaitingChannel(Instant declaredBefore);

    /**
     * Locks a declared incident that still has no channel, skipping one that another
     * transaction holds: exactly one process creates its channel.
     */
    @SqlQuery("""
            SELECT * FROM incidents
            WHERE team_id = :teamId AND number = :number AND channel_id IS NULL AND origin = 'slack'
            FOR UPDATE SKIP LOCKED
            """)
    Optional<Incident> lockAwaitingChannel(String teamId, long number);

    /**
     * Declaring, before Slack is called: takes the short lease on creating the channel of an
     * incident still without one, and records the name about to be created. Returns the name
     * recorded by the attempt before ({@code ""} when none), so that a {@code name_taken} for
     * that name can be recognised as this incident's own channel whose creation reply was
     * lost; empty when the incident has a channel, is gone, or another attempt holds a live lease.
     */
    @SqlQuery("""
            UPDATE incidents i SET channel_intent = :name, channel_intent_until = :leaseUntil
            FROM (SELECT team_id, number, channel_intent FROM incidents
                  WHERE team_id = :teamId AND number = :number AND channel_id IS NULL AND origin = 'slack'
                    AND (channel_intent_until IS NULL OR channel_intent_until < :now)
                  FOR UPDATE SKIP LOCKED) prev
            WHERE i.team_id = prev.team_id AND i.number = prev.number
            RETURNING COALESCE(prev.channel_intent, '')
            """)
    Optional<String> claimChannelIntent(String teamId, long number, String name, Instant now, Instant leaseUntil);

    /** Gives the declare lease back after a failed attempt, keeping the recorded name. */
    @SqlUpdate("UPDATE incidents SET channel_intent_until = NULL WHERE team_id = :teamId AND number = :number")
    int releaseChannelIntent(String teamId, long number);

    /** The channel name the last declare attempt recorded, if any. */
    @SqlQuery("SELECT channel_intent FROM incidents WHERE team_id = :teamId AND number = :number"
            + " AND channel_intent IS NOT NULL")
    Optional<String> findChannelIntent(String teamId, long number);

    /** Locks an incident still without a channel, waiting for other writers. */
    @SqlQuery("""
            SELECT * FROM incidents
            WHERE team_id = :teamId AND number = :number AND channel_id IS NULL AND origin = 'slack'
            FOR UPDATE
            """)
    Optional<Incident> lockWithoutChannel(String teamId, long number);

    /**
     * Keeps the incident from being deleted for the rest of the transaction without blocking
     * updates of it (a {@code FOR KEY SHARE} lock); empty when it no longer exists.
     */
    @SqlQuery("SELECT number FROM incidents WHERE team_id = :teamId AND number = :number FOR KEY SHARE")
    Optional<Long> keyShare(String teamId, long number);

    /**
     * The incident of a channel, kept from being deleted as {@link #keyShare} keeps it, and an
     * attempt at the lock of one of its messages ({@link MessageCacheRepository#MESSAGE_LOCK},
     * without waiting), in one statement: what capture asks before it writes about a message.
     * Empty for a channel that is no incident's, and then no lock is taken.
     */
    @SqlQuery("SELECT i.*, pg_try_advisory_xact_lock(" + MessageCacheRepository.MESSAGE_LOCK + ") AS message_locked"
            + " FROM incidents i WHERE i.team_id = :teamId AND i.channel_id = :channelId FOR KEY SHARE")
    @UseRowMapper(MessageLock.Mapper.class)
    Optional<MessageLock> findByChannelLockingMessage(String teamId, String channelId, String ts);

    /** An incident, and whether the lock of the message asked about was free and is now held. */
    record MessageLock(Incident incident, boolean locked) {
        /** Maps the incident's columns and {@code message_locked}. */
        public static final class Mapper implements RowMapper<MessageLock> {
            private final IncidentRepository.Mapper incident = new IncidentRepository.Mapper();

            @Override
            public MessageLock map(ResultSet rs, StatementContext ctx) throws SQLException {
                return new MessageLock(incident.map(rs, ctx), rs.getBoolean("message_locked"));
            }
        }
    }

    /**
     * Locks the incident row against other writers for the rest of the transaction
     * (numbering action items, commands). {@code FOR NO KEY UPDATE}, not {@code FOR UPDATE}:
     * it must not conflict with the {@link #keyShare} that capture transactions hold, or two
     * of them upgrading their locks at once would deadlock.
     */
    @SqlQuery("SELECT number FROM incidents WHERE team_id = :teamId AND number = :number FOR NO KEY UPDATE")
    Optional<Long> lock(@Bind("teamId") String teamId, @Bind("number") long number);

    final class Mapper implements RowMapper<Incident> {
        @Override
        public Incident map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Incident(
                    rs.getString("team_id"),
                    rs.getLong("number"),
                    rs.getString("title"),
                    Severity.ofLevel(rs.getInt("severity")),
                    IncidentStatus.fromCode(rs.getString("status")),
                    rs.getString("channel_id"),
                    rs.getString("channel_name"),
                    rs.getBoolean("is_private"),
                    rs.getString("commander_id"),
                    rs.getString("dri_id"),
                    rs.getString("summary"),
                    rs.getString("impact"),
                    rs.getString("root_cause"),
                    rs.getString("contributing_factors"),
                    instant(rs, "started_at"),
                    instant(rs, "detected_at"),
                    instant(rs, "declared_at"),
                    instant(rs, "mitigated_at"),
                    instant(rs, "resolved_at"),
                    rs.getString("created_by"),
                    rs.getString("last_message_ts"));
        }
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
