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

-- Members whose totals, run and period slots Open recomputes with the
-- root functions (then empties the table): the rows an older clubbot left
-- stale (it recomputed just after committing, and a crash in between left
-- stale = 1).
CREATE TABLE members_to_recompute (
    guild_id TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;
INSERT INTO members_to_recompute SELECT guild_id, user_id FROM members WHERE stale = 1;

-- The members row's week and month slots (wk_*, pwk_*, mo_*, pmo_*) stay:
-- the store now fills them in Go (periodSlots, over clubbot.Period.Range).
-- Without them, summing member_days per board measured 47-66 ms (week)
-- and 66-77 ms (month) at 10,000 members x 365 days, over SPEC 8's 50 ms;
-- a table of period rows instead cost two more dirty pages a check-in,
-- 7,800-9,100 check-ins/s, under SPEC 8's 10,000.
ALTER TABLE members DROP COLUMN stale;
-- prev_day served the daily post's count, which now counts the day's check-ins.
ALTER TABLE members DROP COLUMN prev_day;

-- The trigger's period starts and the id list: a member's check-ins are
-- found through an index instead, by day first, so that a day's check-ins
-- go into the same index pages (one dirty page per commit, not one per
-- member) and the daily post's count reads one range.
ALTER TABLE checkins DROP COLUMN week_start;
ALTER TABLE checkins DROP COLUMN month_start;
ALTER TABLE member_days DROP COLUMN ids;
CREATE INDEX checkins_day ON checkins (guild_id, day, user_id);
