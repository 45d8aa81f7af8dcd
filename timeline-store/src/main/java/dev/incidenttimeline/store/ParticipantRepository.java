package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.Participant;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** People who joined an incident channel. */
@RegisterConstructorMapper(Participant.class)
public interface ParticipantRepository {

    /** Records that someone joined; returns false when they already had (the first join time stays). */
    default boolean add(String teamId, Participant p) {
        return insert(teamId, p.incidentNumber(), p.userId(), p.joinedAt()) == 1;
    }

    @SqlUpdate("""
            INSERT INTO participants (team_id, incident_number, user_id, joined_at)
            VALUES (:teamId, :incidentNumber, :userId, :joinedAt)
            ON CONFLICT DO NOTHING
            """)
    int insert(String teamId, long incidentNumber, String userId, Instant joinedAt);

    @SqlQuery("""
            SELECT incident_number, user_id, joined_at FROM participants
            WHERE team_id = :teamId AND incident_number = :incidentNumber
            ORDER BY joined_at, user_id
            """)
    List<Participant> list(String teamId, long incidentNumber);

    /** The incidents someone joined the channel of (who may see a private incident). */
    @SqlQuery("SELECT incident_number FROM participants WHERE team_id = :teamId AND user_id = :userId")
    List<Long> listIncidentNumbersOf(String teamId, String userId);
}
