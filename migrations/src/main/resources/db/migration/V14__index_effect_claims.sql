-- The effect claim takes the oldest due effects in (next_attempt_at, id) order and stops at
-- its limit: with the index in that order it reads only as many rows as it leases. On
-- (next_attempt_at) alone, effects queued in one transaction (one next_attempt_at) were
-- sorted as a whole group before the limit applied.
CREATE INDEX slack_effects_pending_order_idx ON slack_effects (next_attempt_at, id) WHERE status = 'pending';
DROP INDEX slack_effects_due_idx;

-- The sweep of superseded state-replacing effects (topics, App Home views) looks only at those.
CREATE INDEX slack_effects_replacing_idx ON slack_effects (team_id, order_key, id) WHERE status = 'pending' AND replaces;
