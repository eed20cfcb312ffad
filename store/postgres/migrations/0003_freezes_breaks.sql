-- clubbot PostgreSQL schema, version 3: streak freezes and planned breaks
-- (SPEC 4), as store/sqlite's migration 6.

-- The server's max-freezes (/settings max-freezes): how many freezes a
-- member can hold; 0 turns freezes off.
ALTER TABLE guild_settings ADD COLUMN max_freezes BIGINT NOT NULL DEFAULT 2;

-- The member's streak through last_day as clubbot.MemberStreak leaves it
-- (clubbot.StreakState, store.Summary.Run): run_days is the current run's
-- counted days (frozen and break days add nothing) and freezes the freezes
-- held; freeze_told is the latest frozen day the member was told about.
-- Rows from before freezes keep their run as it was (its length, no
-- freezes held: no breaks existed); the member's next recompute (a late
-- or undone check-in, a new max-freezes) counts the freezes it earned.
ALTER TABLE members ADD COLUMN run_days BIGINT NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN freezes BIGINT NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN freeze_told BIGINT NOT NULL DEFAULT 0;
UPDATE members SET run_days = last_day - run_start + 1
    WHERE last_day IS NOT NULL AND run_start IS NOT NULL;

-- A member's planned breaks, in their own local days (both included). The
-- reason is private: only the member sees it.
CREATE TABLE breaks (
    guild_id TEXT    NOT NULL,
    user_id  TEXT    NOT NULL,
    from_day BIGINT NOT NULL,
    to_day   BIGINT NOT NULL,
    reason   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (guild_id, user_id, from_day)
);

-- no_breaks: the challenge was created with allow-breaks false, so
-- members' break days are ordinary days in it (clubbot.Challenge.NoBreaks).
ALTER TABLE challenges ADD COLUMN no_breaks BOOLEAN NOT NULL DEFAULT false;
