-- Claim, call, complete: a Slack call is made with no transaction open. The worker claims
-- a queued call by writing a lease (who, until when) in a short transaction, makes the
-- call, then completes or releases it in another. A lease that runs out (its worker died)
-- makes the call claimable again. claims counts how often a call was handed out, so a
-- retry knows the call may already have been made.
ALTER TABLE slack_effects
    ADD COLUMN locked_by    text,
    ADD COLUMN locked_until timestamptz,
    ADD COLUMN claims       integer NOT NULL DEFAULT 0,
    -- Calls to one target run one at a time and in the order they were queued (posts to a
    -- channel); for calls that replace state (topic, App Home view) only the newest counts.
    ADD COLUMN order_key    text,
    ADD COLUMN replaces     boolean NOT NULL DEFAULT false;

CREATE INDEX slack_effects_order_idx ON slack_effects (team_id, order_key, id) WHERE status = 'pending';
-- Retention deletes done rows by age.
CREATE INDEX slack_effects_done_idx ON slack_effects (done_at) WHERE status = 'done';
CREATE INDEX slack_events_done_idx ON slack_events (processed_at) WHERE status = 'done';

-- Declaring records the channel name it is about to create before calling Slack, under a
-- short lease, so that a retry after a lost reply adopts the channel instead of making -2.
ALTER TABLE incidents
    ADD COLUMN channel_intent       text,
    ADD COLUMN channel_intent_until timestamptz;
