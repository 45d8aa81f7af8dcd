-- Reconciling an incident's channel runs on one replica at a time under a lease (who, until
-- when) taken and renewed in short transactions, never under a session-level lock, so it
-- works behind a transaction-mode connection pooler and holds no connection while it waits
-- on Slack. Each page of history is applied in one transaction that also moves the cursor,
-- so a run that stopped (a kill, a long Retry-After) resumes at the page it had reached.
CREATE TABLE reconcile_runs (
    team_id         text        NOT NULL,
    incident_number bigint      NOT NULL,
    locked_by       text,
    locked_until    timestamptz,
    -- The run being made: the lower bound of its reads (NULL: the whole channel) and the
    -- conversations.history cursor of its next page (NULL: the first page, or none left
    -- once pages > 0). A finished run has finished_at.
    oldest          text,
    next_cursor     text,
    pages           integer     NOT NULL DEFAULT 0,
    started_at      timestamptz,
    finished_at     timestamptz,
    PRIMARY KEY (team_id, incident_number),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE
);
