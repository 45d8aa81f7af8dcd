-- A reaction that names a message the cache does not hold yet asks whether that message's
-- event is still on its first try in the inbox (V13). That question was "message_key =
-- ... AND status = 'pending' AND attempts = 0", which the due index (status = 'pending')
-- can answer too, by scanning every pending event: a plan PostgreSQL picks when its
-- statistics are from a quiet moment (pending about 0 %) and a burst then queues thousands
-- of events, so each such reaction read the whole backlog (3.5 ms a lookup in the ingest
-- benchmark). Now the key is kept only while the event can be waited for: it is cleared
-- when the event is done, parked or fails once. The lookup names the key alone, and only
-- this index holds it.
UPDATE slack_events SET message_key = NULL
WHERE message_key IS NOT NULL AND NOT (status = 'pending' AND attempts = 0);
DROP INDEX slack_events_pending_message_idx;
CREATE INDEX slack_events_waited_message_idx ON slack_events (team_id, message_key)
    WHERE message_key IS NOT NULL;
