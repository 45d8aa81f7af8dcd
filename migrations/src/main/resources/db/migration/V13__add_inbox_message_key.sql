-- A reaction or pin that names a message the cache does not hold yet waits for that
-- message's own event when it is still in the inbox, instead of reading the message from
-- Slack: under load the two are processed by different workers at the same moment. The
-- ack path fills message_key (the channel and ts) for message events only.
ALTER TABLE slack_events ADD COLUMN message_key text;
CREATE INDEX slack_events_pending_message_idx ON slack_events (team_id, message_key)
    WHERE status = 'pending' AND message_key IS NOT NULL;
