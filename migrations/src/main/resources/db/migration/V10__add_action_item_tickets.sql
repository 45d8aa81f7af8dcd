-- Follow-ups tracked where engineers work: each action item may have one ticket in the
-- configured tracker (Jira, GitHub Issues or Linear), created by the bot or linked by hand,
-- and an owner who accepts it.
ALTER TABLE action_items
    -- When the current owner got the item (for "not accepted within 2 working days").
    ADD COLUMN owner_since    timestamptz,
    ADD COLUMN accepted_at    timestamptz,
    ADD COLUMN accepted_by    text,
    -- Set by `action unlink`: the item keeps no ticket, and the sync does not make one again.
    ADD COLUMN ticket_opt_out boolean NOT NULL DEFAULT false;
UPDATE action_items SET owner_since = created_at WHERE owner_id IS NOT NULL;

CREATE TABLE action_item_tickets (
    team_id         text        NOT NULL,
    incident_number bigint      NOT NULL,
    number          integer     NOT NULL,
    tracker         text        NOT NULL CHECK (tracker IN ('jira', 'github', 'linear')),
    -- What the tracker's API calls it by (Jira key, GitHub issue number, Linear id or identifier).
    ticket_id       text        NOT NULL,
    -- What people call it (ABC-12, owner/repo#12, ENG-12).
    ticket_key      text        NOT NULL,
    url             text        NOT NULL,
    state           text        NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
    status_name     text,
    -- What the tracker last held, so that a change is sent once and a webhook is not echoed back.
    synced_assignee text,
    synced_due      date,
    linked_by       text,
    created_at      timestamptz NOT NULL,
    synced_at       timestamptz,
    PRIMARY KEY (team_id, incident_number, number),
    FOREIGN KEY (team_id, incident_number, number) REFERENCES action_items (team_id, incident_number, number)
        ON DELETE CASCADE
);
CREATE INDEX action_item_tickets_id_idx ON action_item_tickets (tracker, ticket_id);
CREATE INDEX action_item_tickets_key_idx ON action_item_tickets (tracker, ticket_key);
