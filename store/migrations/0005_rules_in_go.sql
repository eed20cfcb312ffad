-- clubbot schema, version 5: the rules move out of SQL.
--
-- The check-in triggers of migrations 1 and 4 copied the streak and
-- challenge rules of the root package into CASE expressions. From here on
-- the store keeps the same aggregates (member_days, the running totals in
-- members, participants' progress, fix_notices) by calling the root
-- package's functions in the transaction that writes the check-in, so a
-- rule lives in one place and another engine needs no triggers.
DROP TRIGGER checkins_after_insert;
DROP TRIGGER checkins_after_delete;
DROP TRIGGER checkins_fix_notice;
DROP TRIGGER checkins_fix_notice_gone;

-- Rows an older clubbot left to be recomputed (it did so just after
-- committing; a crash in between left stale = 1): Open recomputes them
-- with the root functions and empties the table.
CREATE TABLE members_to_recompute (
    guild_id TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
INSERT INTO members_to_recompute SELECT guild_id, user_id FROM members WHERE stale = 1;

-- The week and month slots go: boards over a period sum member_days
-- instead (SPEC 8 holds without them).
ALTER TABLE members DROP COLUMN wk_start;
ALTER TABLE members DROP COLUMN wk_days;
ALTER TABLE members DROP COLUMN wk_minutes;
ALTER TABLE members DROP COLUMN pwk_start;
ALTER TABLE members DROP COLUMN pwk_days;
ALTER TABLE members DROP COLUMN pwk_minutes;
ALTER TABLE members DROP COLUMN mo_start;
ALTER TABLE members DROP COLUMN mo_days;
ALTER TABLE members DROP COLUMN mo_minutes;
ALTER TABLE members DROP COLUMN pmo_start;
ALTER TABLE members DROP COLUMN pmo_days;
ALTER TABLE members DROP COLUMN pmo_minutes;
ALTER TABLE members DROP COLUMN stale;
-- prev_day served the daily post's count, which now counts day rows.
ALTER TABLE members DROP COLUMN prev_day;

-- The trigger's period starts and the id list: a member's check-ins are
-- found through an index instead.
ALTER TABLE checkins DROP COLUMN week_start;
ALTER TABLE checkins DROP COLUMN month_start;
ALTER TABLE member_days DROP COLUMN ids;
CREATE INDEX checkins_member_day ON checkins (guild_id, user_id, day);

-- A server's day rows by day, for the daily post's count.
CREATE INDEX member_days_day ON member_days (guild_id, day);
