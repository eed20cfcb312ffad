-- clubbot PostgreSQL schema, version 2: as store/sqlite's migration 5.
--
-- The columns the SQLite triggers needed go (the store computes the
-- aggregates in Go with package store's functions); check-ins are found by
-- (guild_id, day, user_id), as in SQLite; check-ins without a snowflake
-- get their negative ids from a sequence instead of min(id) - 1, which two
-- writers could read at once.
ALTER TABLE members DROP COLUMN stale;
ALTER TABLE members DROP COLUMN prev_day;
ALTER TABLE checkins DROP COLUMN week_start;
ALTER TABLE checkins DROP COLUMN month_start;
DROP INDEX checkins_member;
CREATE INDEX checkins_day ON checkins (guild_id, day, user_id);
CREATE SEQUENCE checkins_negative_id INCREMENT BY -1 MAXVALUE -1 START WITH -1;
