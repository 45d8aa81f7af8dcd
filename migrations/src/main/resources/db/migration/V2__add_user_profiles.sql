-- Profiles fetched with users.info / bots.info (and kept fresh by user_change): what
-- ticket systems need later (email), whether the member left (deleted), and for a bot
-- the app it belongs to. Names stay in display_name / real_name; rendering reads them
-- when a document is made, so a profile that arrives late still names the person.
ALTER TABLE slack_users
    ADD COLUMN email      text,
    ADD COLUMN is_deleted boolean NOT NULL DEFAULT false,
    ADD COLUMN app_name   text;
