-- Where an incident's retro was last exported: the file uploaded to its channel by
-- /incident export (with the file's Slack permalink), or the file the command line wrote.
-- The weekly report links it, and counts resolved incidents that still have none.
CREATE TABLE retro_exports (
    team_id         text        NOT NULL,
    incident_number bigint      NOT NULL,
    target          text        NOT NULL CHECK (target IN ('slack', 'file')),
    file_name       text        NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    permalink       text,
    exported_at     timestamptz NOT NULL,
    PRIMARY KEY (team_id, incident_number, target),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE
);
