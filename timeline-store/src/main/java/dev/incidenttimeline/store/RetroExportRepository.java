package dev.incidenttimeline.store;

import dev.incidenttimeline.domain.RetroExport;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * Where each incident's retro was last exported, once per target: {@code slack} (the file
 * {@code /incident export} uploaded, with its permalink) and {@code file} (the command line).
 */
public interface RetroExportRepository {

    /** The retro of an incident was uploaded to Slack; the latest upload wins. */
    @SqlUpdate("""
            INSERT INTO retro_exports (team_id, incident_number, target, file_name, permalink, exported_at)
            VALUES (:teamId, :incidentNumber, 'slack', :fileName, :permalink, :at)
            ON CONFLICT (team_id, incident_number, target) DO UPDATE
            SET file_name = excluded.file_name, permalink = excluded.permalink, exported_at = excluded.exported_at
            """)
    int recordUpload(String teamId, long incidentNumber, String fileName, String permalink, Instant at);

    /** The retro of an incident was written to a file by the command line; the latest wins. */
    @SqlUpdate("""
            INSERT INTO retro_exports (team_id, incident_number, target, file_name, permalink, exported_at)
            VALUES (:teamId, :incidentNumber, 'file', :fileName, NULL, :at)
            ON CONFLICT (team_id, incident_number, target) DO UPDATE
            SET file_name = excluded.file_name, permalink = NULL, exported_at = excluded.exported_at
            """)
    int recordFile(String teamId, long incidentNumber, String fileName, Instant at);

    /** Every export of these incidents, uploads first within an incident. */
    @SqlQuery("""
            SELECT incident_number, file_name, permalink, exported_at FROM retro_exports
            WHERE team_id = :teamId AND incident_number = ANY(:incidentNumbers)
            ORDER BY incident_number, target DESC
            """)
    @RegisterConstructorMapper(RetroExport.class)
    List<RetroExport> listForIncidents(String teamId, long[] incidentNumbers);

    /**
     * The retro to link for each of these incidents: the Slack upload when there is one (it
     * opens for anyone in the workspace), else the file written last.
     */
    default Map<Long, RetroExport> latestFor(String teamId, long[] incidentNumbers) {
        Map<Long, RetroExport> byIncident = new HashMap<>();
        if (incidentNumbers.length == 0) {
            return byIncident;
        }
        for (RetroExport e : listForIncidents(teamId, incidentNumbers)) {
            byIncident.merge(e.incidentNumber(), e, (a, b) -> a.uploaded() ? a : b.uploaded() ? b : a);
        }
        return byIncident;
    }
}
