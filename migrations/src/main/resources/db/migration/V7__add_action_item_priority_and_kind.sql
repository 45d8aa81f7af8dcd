-- Follow-ups are weighed in the weekly review: cleanups before all other work, then by
-- priority (p1 first), then by due date. Existing items take the defaults, p2 and cleanup.
ALTER TABLE action_items
    ADD COLUMN priority smallint NOT NULL DEFAULT 2 CHECK (priority BETWEEN 1 AND 3),
    ADD COLUMN kind     text     NOT NULL DEFAULT 'cleanup'
        CHECK (kind IN ('cleanup', 'prevent', 'detect', 'mitigate', 'process'));
