package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.KeyMoment;
import dev.incidenttimeline.domain.RetroNote;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * What the retro commands write beside the incident row: key moments set by a person, and
 * the numbered notes (causal chain, contributing factors, learnings). Callers hold the
 * incident's row lock ({@link IncidentRepository#lock}), which serialises the numbering.
 */
@RegisterRowMapper(RetroRepository.MomentMapper.class)
@RegisterRowMapper(RetroRepository.NoteMapper.class)
public interface RetroRepository {

    @SqlQuery("""
            INSERT INTO key_moments (team_id, incident_number, moment, at, set_by, set_at)
            VALUES (:teamId, :incidentNumber, :moment, :at, :setBy, :setAt)
            RETURNING *
            """)
    KeyMoment insertMoment(String teamId, long incidentNumber, String moment, Instant at, String setBy,
            Instant setAt);

    default KeyMoment setMoment(String teamId, long incidentNumber, KeyMoment.Moment moment, Instant at,
            String setBy, Instant setAt) {
        return insertMoment(teamId, incidentNumber, moment.code(), at, setBy, setAt);
    }

    /** Every setting of every moment, oldest first: the latest of each moment wins. */
    @SqlQuery("SELECT * FROM key_moments WHERE team_id = :teamId AND incident_number = :incidentNumber ORDER BY id")
    List<KeyMoment> listMoments(String teamId, long incidentNumber);

    /** {@link #listMoments} of several incidents at once, for reports. */
    @SqlQuery("""
            SELECT * FROM key_moments WHERE team_id = :teamId AND incident_number = ANY(:incidentNumbers)
            ORDER BY incident_number, id
            """)
    List<KeyMoment> listMomentsFor(String teamId, long[] incidentNumbers);

    @SqlQuery("""
            INSERT INTO retro_notes (team_id, incident_number, section, number, category, text, created_by, created_at)
            VALUES (:teamId, :incidentNumber, :section,
                    (SELECT COALESCE(max(number), 0) + 1 FROM retro_notes
                     WHERE team_id = :teamId AND incident_number = :incidentNumber AND section = :section),
                    :category, :text, :createdBy, :createdAt)
            RETURNING *
            """)
    RetroNote insertNote(String teamId, long incidentNumber, String section, String category, String text,
            String createdBy, Instant createdAt);

    default RetroNote addNote(String teamId, long incidentNumber, RetroNote.Section section,
            RetroNote.Learning category, String text, String createdBy, Instant createdAt) {
        return insertNote(teamId, incidentNumber, section.code(), category == null ? null : category.code(),
                text.strip(), createdBy, createdAt);
    }

    @SqlQuery("""
            SELECT * FROM retro_notes
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND section = :section AND number = :number
            """)
    Optional<RetroNote> findNoteRaw(String teamId, long incidentNumber, String section, int number);

    default Optional<RetroNote> findNote(String teamId, long incidentNumber, RetroNote.Section section, int number) {
        return findNoteRaw(teamId, incidentNumber, section.code(), number);
    }

    @SqlUpdate("""
            UPDATE retro_notes SET removed_at = :at, removed_by = :by
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND section = :section AND number = :number
              AND removed_at IS NULL
            """)
    int removeNoteRaw(String teamId, long incidentNumber, String section, int number, String by, Instant at);

    default boolean removeNote(String teamId, long incidentNumber, RetroNote.Section section, int number, String by,
            Instant at) {
        return removeNoteRaw(teamId, incidentNumber, section.code(), number, by, at) == 1;
    }

    /** The notes of an incident that were not removed, by section and number. */
    @SqlQuery("""
            SELECT * FROM retro_notes
            WHERE team_id = :teamId AND incident_number = :incidentNumber AND removed_at IS NULL
            ORDER BY section, number
            """)
    List<RetroNote> listNotes(String teamId, long incidentNumber);

    /** Marks the incident as changed (what the retro's footer names), for changes outside its row. */
    @SqlUpdate("UPDATE incidents SET updated_at = now() WHERE team_id = :teamId AND number = :number")
    int touch(String teamId, long number);

    /**
     * The incident's last change: its row, its timeline, its action items, key moments and
     * notes. The same stored incident always gives the same instant.
     */
    @SqlQuery("""
            SELECT GREATEST(
                (SELECT updated_at FROM incidents WHERE team_id = :teamId AND number = :number),
                (SELECT max(updated_at) FROM timeline_entries WHERE team_id = :teamId AND incident_number = :number),
                (SELECT max(GREATEST(created_at, closed_at)) FROM action_items
                 WHERE team_id = :teamId AND incident_number = :number),
                (SELECT max(set_at) FROM key_moments WHERE team_id = :teamId AND incident_number = :number),
                (SELECT max(GREATEST(created_at, removed_at)) FROM retro_notes
                 WHERE team_id = :teamId AND incident_number = :number))
            """)
    Optional<Instant> lastChange(String teamId, long number);

    final class MomentMapper implements RowMapper<KeyMoment> {
        @Override
        public KeyMoment map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new KeyMoment(rs.getLong("incident_number"), rs.getLong("id"),
                    KeyMoment.Moment.fromCode(rs.getString("moment")), IncidentRepository.instant(rs, "at"),
                    rs.getString("set_by"), IncidentRepository.instant(rs, "set_at"));
        }
    }

    final class NoteMapper implements RowMapper<RetroNote> {
        @Override
        public RetroNote map(ResultSet rs, StatementContext ctx) throws SQLException {
            String category = rs.getString("category");
            return new RetroNote(rs.getLong("incident_number"), RetroNote.Section.fromCode(rs.getString("section")),
                    rs.getInt("number"), category == null ? null : RetroNote.Learning.fromCode(category),
                    rs.getString("text"), rs.getString("created_by"), IncidentRepository.instant(rs, "created_at"),
                    IncidentRepository.instant(rs, "removed_at"));
        }
    }
}
