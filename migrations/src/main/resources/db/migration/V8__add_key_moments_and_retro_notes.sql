-- The retro the review signs off: key moments set by a person, the causal chain, contributing
-- factors one by one, and what went well, what went wrong and where the team got lucky.

-- Timeline entries written by the retro commands (key moments, chain, factors, learnings):
-- the audit of who wrote what when; the retro shows their content in its own sections.
ALTER TABLE timeline_entries DROP CONSTRAINT timeline_entries_kind_check;
ALTER TABLE timeline_entries ADD CONSTRAINT timeline_entries_kind_check CHECK (kind IN (
    'declared', 'status', 'severity', 'role', 'event', 'detection', 'finding',
    'mitigation', 'root_cause', 'action', 'note', 'participant', 'resolved',
    'summary', 'impact', 'retro'));

-- Every time a key moment was set, by whom: the latest one set wins, the earlier ones stay
-- as the audit trail.
CREATE TABLE key_moments (
    team_id         text        NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    incident_number bigint      NOT NULL,
    moment          text        NOT NULL CHECK (moment IN ('started', 'detected', 'mitigated', 'resolved')),
    at              timestamptz NOT NULL,
    set_by          text        NOT NULL,
    set_at          timestamptz NOT NULL,
    PRIMARY KEY (team_id, id),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE
);
CREATE INDEX key_moments_incident_idx ON key_moments (team_id, incident_number, moment, id);

-- Causal chain steps, contributing factors and learnings, numbered #1, #2 … within their
-- incident and section (chain, factor, learning). A removed one stays, flagged.
CREATE TABLE retro_notes (
    team_id         text        NOT NULL,
    incident_number bigint      NOT NULL,
    section         text        NOT NULL CHECK (section IN ('chain', 'factor', 'learning')),
    number          integer     NOT NULL CHECK (number >= 1),
    category        text        CHECK (category IN ('went_well', 'went_wrong', 'lucky')),
    text            text        NOT NULL CHECK (length(btrim(text)) >= 1),
    created_by      text        NOT NULL,
    created_at      timestamptz NOT NULL,
    removed_at      timestamptz,
    removed_by      text,
    PRIMARY KEY (team_id, incident_number, section, number),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE,
    CHECK ((section = 'learning') = (category IS NOT NULL))
);
