-- incident-timeline schema, version 1.
--
-- Every table carries the Slack workspace (team) id and every primary key, unique key
-- and foreign key starts with it, so the tables can be distributed by team_id (Citus)
-- without a rewrite. Times are timestamptz; a zone is applied only when rendering.

-- Incident keys are INC-<n>, numbered from 1 in each database.
CREATE SEQUENCE incident_number_seq AS bigint START WITH 1;

CREATE TABLE incidents (
    team_id              text        NOT NULL,
    number               bigint      NOT NULL DEFAULT nextval('incident_number_seq'),
    title                text        NOT NULL CHECK (length(btrim(title)) BETWEEN 1 AND 200),
    severity             smallint    NOT NULL CHECK (severity BETWEEN 1 AND 4),
    status               text        NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
    channel_id           text,
    channel_name         text,
    is_private           boolean     NOT NULL DEFAULT false,
    commander_id         text,
    dri_id               text,
    summary              text,
    impact               text,
    root_cause           text,
    contributing_factors text,
    started_at           timestamptz,
    detected_at          timestamptz,
    declared_at          timestamptz NOT NULL,
    mitigated_at         timestamptz,
    resolved_at          timestamptz,
    created_by           text        NOT NULL,
    origin               text        NOT NULL DEFAULT 'slack' CHECK (origin IN ('slack', 'import')),
    -- Reconciliation watermark: the newest channel message this database has seen.
    last_message_ts      text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, number),
    CHECK (resolved_at IS NULL OR resolved_at >= declared_at - interval '30 days'),
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL))
);
CREATE UNIQUE INDEX incidents_channel_uq ON incidents (team_id, channel_id) WHERE channel_id IS NOT NULL;
CREATE INDEX incidents_declared_idx ON incidents (team_id, declared_at);
CREATE INDEX incidents_open_idx ON incidents (team_id, declared_at) WHERE status <> 'resolved';
-- The CLI addresses incidents by key alone (INC-42); numbers are unique per database.
CREATE UNIQUE INDEX incidents_number_uq ON incidents (number);

CREATE TABLE timeline_entries (
    team_id         text        NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    incident_number bigint      NOT NULL,
    kind            text        NOT NULL CHECK (kind IN (
                        'declared', 'status', 'severity', 'role', 'event', 'detection', 'finding',
                        'mitigation', 'root_cause', 'action', 'note', 'participant', 'resolved',
                        'summary', 'impact')),
    source          text        NOT NULL CHECK (source IN ('reaction', 'command', 'system', 'import')),
    occurred_at     timestamptz NOT NULL,
    author_id       text,
    text            text        NOT NULL DEFAULT '',
    channel_id      text,
    message_ts      text,
    thread_ts       text,
    permalink       text,
    tagged_by       text,
    deleted         boolean     NOT NULL DEFAULT false,
    deleted_reason  text        CHECK (deleted_reason IN ('untagged', 'message_deleted')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, id),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE,
    CHECK ((message_ts IS NULL) = (channel_id IS NULL) OR message_ts IS NULL),
    CHECK (deleted = (deleted_reason IS NOT NULL))
);
-- The same message tagged with the same kind is one entry, whoever tags it and however
-- often Slack delivers the event. Entries made by command have no message and are not
-- constrained (NULLs are distinct).
CREATE UNIQUE INDEX timeline_entries_message_kind_uq
    ON timeline_entries (team_id, channel_id, message_ts, kind);
-- One incident's timeline, in time order: the export reads it once with this index.
CREATE INDEX timeline_entries_incident_time_idx
    ON timeline_entries (team_id, incident_number, occurred_at, id);

-- Who tagged which message with which emoji. An entry lives while at least one tag of its
-- kind remains.
CREATE TABLE entry_tags (
    team_id    text        NOT NULL,
    channel_id text        NOT NULL,
    message_ts text        NOT NULL,
    reaction   text        NOT NULL,
    user_id    text        NOT NULL,
    kind       text        NOT NULL,
    tagged_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, channel_id, message_ts, reaction, user_id)
);

-- Earlier texts of edited entries.
CREATE TABLE entry_revisions (
    team_id     text        NOT NULL,
    id          bigint      GENERATED ALWAYS AS IDENTITY,
    entry_id    bigint      NOT NULL,
    text        text        NOT NULL,
    replaced_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, id),
    FOREIGN KEY (team_id, entry_id) REFERENCES timeline_entries (team_id, id) ON DELETE CASCADE
);
CREATE INDEX entry_revisions_entry_idx ON entry_revisions (team_id, entry_id, id);

-- Audit trail of what happened to entries: nothing is ever hard-deleted.
CREATE TABLE entry_audit (
    team_id  text        NOT NULL,
    id       bigint      GENERATED ALWAYS AS IDENTITY,
    entry_id bigint      NOT NULL,
    action   text        NOT NULL CHECK (action IN ('created', 'tagged', 'untagged', 'edited', 'deleted', 'restored')),
    actor_id text,
    at       timestamptz NOT NULL,
    PRIMARY KEY (team_id, id),
    FOREIGN KEY (team_id, entry_id) REFERENCES timeline_entries (team_id, id) ON DELETE CASCADE
);
CREATE INDEX entry_audit_entry_idx ON entry_audit (team_id, entry_id, id);

CREATE TABLE action_items (
    team_id         text        NOT NULL,
    incident_number bigint      NOT NULL,
    number          integer     NOT NULL CHECK (number >= 1),
    text            text        NOT NULL CHECK (length(btrim(text)) >= 1),
    owner_id        text,
    due_date        date,
    status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dropped')),
    ticket_url      text,
    created_by      text,
    created_at      timestamptz NOT NULL,
    closed_at       timestamptz,
    closed_by       text,
    -- The tagged message an action item came from (import, :memo: tags), for idempotence.
    source_message_ts text,
    PRIMARY KEY (team_id, incident_number, number),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE,
    CHECK ((status = 'open') = (closed_at IS NULL))
);
CREATE UNIQUE INDEX action_items_source_uq ON action_items (team_id, incident_number, source_message_ts);
CREATE INDEX action_items_open_owner_idx ON action_items (team_id, owner_id, due_date) WHERE status = 'open';
CREATE INDEX action_items_closed_idx ON action_items (team_id, closed_at) WHERE status <> 'open';

CREATE TABLE participants (
    team_id         text        NOT NULL,
    incident_number bigint      NOT NULL,
    user_id         text        NOT NULL,
    joined_at       timestamptz NOT NULL,
    PRIMARY KEY (team_id, incident_number, user_id),
    FOREIGN KEY (team_id, incident_number) REFERENCES incidents (team_id, number) ON DELETE CASCADE
);

-- The bot's own copy of incident-channel messages, so that tagging needs no Slack call.
CREATE TABLE message_cache (
    team_id    text        NOT NULL,
    channel_id text        NOT NULL,
    ts         text        NOT NULL,
    thread_ts  text,
    user_id    text,
    bot_id     text,
    subtype    text,
    text       text        NOT NULL DEFAULT '',
    files      jsonb       NOT NULL DEFAULT '[]'::jsonb,
    edited_ts  text,
    deleted    boolean     NOT NULL DEFAULT false,
    permalink  text,
    posted_at  timestamptz NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, channel_id, ts)
);
CREATE INDEX message_cache_thread_idx ON message_cache (team_id, channel_id, thread_ts) WHERE thread_ts IS NOT NULL;

CREATE TABLE slack_users (
    team_id      text        NOT NULL,
    user_id      text        NOT NULL,
    display_name text,
    real_name    text,
    tz           text,
    is_bot       boolean     NOT NULL DEFAULT false,
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, user_id)
);

-- Durable inbox: an event is stored here before Slack gets its 2xx.
CREATE TABLE slack_events (
    team_id         text        NOT NULL,
    event_id        text        NOT NULL,
    event_type      text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    received_at     timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    PRIMARY KEY (team_id, event_id)
);
CREATE INDEX slack_events_due_idx ON slack_events (next_attempt_at) WHERE status = 'pending';

-- Outbox of Slack Web API calls (posts, topics, invites, uploads), executed by the worker
-- with retries; the dedupe key makes an effect happen once even when its cause is
-- processed twice.
CREATE TABLE slack_effects (
    team_id         text        NOT NULL,
    id              bigint      GENERATED ALWAYS AS IDENTITY,
    dedupe_key      text        NOT NULL,
    kind            text        NOT NULL,
    payload         jsonb       NOT NULL,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'done', 'parked')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    last_error      text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    done_at         timestamptz,
    PRIMARY KEY (team_id, id),
    UNIQUE (team_id, dedupe_key)
);
CREATE INDEX slack_effects_due_idx ON slack_effects (next_attempt_at) WHERE status = 'pending';

-- Scheduled jobs run once per period across all replicas: the first to insert wins.
CREATE TABLE job_runs (
    team_id     text        NOT NULL,
    kind        text        NOT NULL,
    period      text        NOT NULL,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz,
    runner      text        NOT NULL,
    PRIMARY KEY (team_id, kind, period)
);
