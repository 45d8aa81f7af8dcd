-- Secrets redacted at capture: the kind only, never the value (the text was stored redacted).
CREATE TABLE redactions (
    team_id    text        NOT NULL,
    id         bigint      GENERATED ALWAYS AS IDENTITY,
    channel_id text        NOT NULL,
    message_ts text        NOT NULL,
    kind       text        NOT NULL CHECK (kind ~ '^[a-z0-9-]{1,40}$'),
    noted_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (team_id, id)
);
CREATE INDEX redactions_message_idx ON redactions (team_id, channel_id, message_ts);

-- Who is in each incident channel now, from member_joined_channel / member_left_channel and
-- conversations.members: what the visibility of a private incident is decided on.
CREATE TABLE channel_members (
    team_id    text        NOT NULL,
    channel_id text        NOT NULL,
    user_id    text        NOT NULL,
    is_member  boolean     NOT NULL,
    checked_at timestamptz NOT NULL,
    PRIMARY KEY (team_id, channel_id, user_id)
);

-- What is known today of the channels of private incidents: the people who joined them (they
-- may have left since; the next conversations.members recheck corrects that).
INSERT INTO channel_members (team_id, channel_id, user_id, is_member, checked_at)
SELECT p.team_id, i.channel_id, p.user_id, true, p.joined_at
FROM participants p
JOIN incidents i ON i.team_id = p.team_id AND i.number = p.incident_number
WHERE i.channel_id IS NOT NULL
ON CONFLICT DO NOTHING;
