-- status counts the rows that are not done through partial indexes, so that it never reads
-- the done rows (which retention keeps for RETENTION_DAYS); pending rows already have one.
CREATE INDEX slack_events_parked_idx ON slack_events (received_at) WHERE status = 'parked';
CREATE INDEX slack_effects_parked_idx ON slack_effects (created_at) WHERE status = 'parked';
