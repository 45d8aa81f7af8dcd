-- incident-timeline schema, version 4: capture that does not depend on delivery order,
-- requests that cannot be replayed, and an inbox that stores any body Slack sends.

-- A tag is a last-writer-wins register per (message, reaction, user): present, or a
-- tombstone left by its removal, with the Slack time of the event that last set it. An
-- add older than the removal already applied (Slack does not promise order) changes
-- nothing, so remove-before-add ends untagged, as in the natural order.
ALTER TABLE entry_tags ADD COLUMN present boolean NOT NULL DEFAULT true;
ALTER TABLE entry_tags ADD COLUMN last_event_at timestamptz;
UPDATE entry_tags SET last_event_at = tagged_at;
ALTER TABLE entry_tags ALTER COLUMN last_event_at SET NOT NULL;
CREATE INDEX entry_tags_kind_idx ON entry_tags (team_id, channel_id, message_ts, kind) WHERE present;

-- A pin belongs to the message, not to who pinned it (anyone may unpin): one register per
-- message under the pseudo-user '(channel)'. Before this version at most one pin row per
-- message could exist, so the rename cannot collide.
UPDATE entry_tags SET user_id = '(channel)' WHERE reaction = '(pinned)';

-- When a message was deleted, by Slack's clock: a delete that arrives before the message
-- itself leaves this tombstone, so the late message cannot bring it back.
ALTER TABLE message_cache ADD COLUMN deleted_at timestamptz;

-- The inbox keeps the body exactly as Slack sent it. jsonb refuses some legal JSON
-- (the escape \u0000), and such an event must be stored, not answered with a 5xx.
ALTER TABLE slack_events ADD COLUMN body bytea;
ALTER TABLE slack_events ALTER COLUMN payload DROP NOT NULL;

-- Slash commands and interactions already acted on: a replayed or double-submitted
-- request finds its key here and changes nothing.
CREATE TABLE slack_requests (
    team_id     text        NOT NULL,
    request_key text        NOT NULL,
    kind        text        NOT NULL,
    received_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, request_key)
);
CREATE INDEX slack_requests_received_idx ON slack_requests (received_at);
