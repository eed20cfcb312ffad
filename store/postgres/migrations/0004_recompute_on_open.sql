-- clubbot PostgreSQL schema, version 4: members to recompute when the
-- store opens, as store/sqlite's members_to_recompute (its migrations 5
-- and 6).

-- Migration 3 kept each existing member's run (run_days its length) but
-- could not count the freezes it earned: that needs the member's days and
-- breaks run through clubbot.MemberStreak, which is Go. So every member
-- with check-ins is listed here, and Open recomputes them (store.SummaryOf,
-- as any recompute does) and empties the list, before the store serves.
-- A member recomputed again gets the same row: rows already right stay so.
CREATE TABLE members_to_recompute (
    guild_id TEXT NOT NULL,
    user_id  TEXT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
INSERT INTO members_to_recompute SELECT guild_id, user_id FROM members WHERE last_day IS NOT NULL;
