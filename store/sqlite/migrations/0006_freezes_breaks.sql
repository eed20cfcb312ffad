-- clubbot schema, version 6: streak freezes and planned breaks (SPEC 4).

-- The server's max-freezes (/settings max-freezes): how many freezes a
-- member can hold; 0 turns freezes off.
ALTER TABLE guild_settings ADD COLUMN max_freezes INTEGER NOT NULL DEFAULT 2;

-- The member's streak through last_day as clubbot.MemberStreak leaves it
-- (clubbot.StreakState): run_start and longest were already here; run_days
-- is the current run's counted days (frozen and break days inside it add
-- nothing, so it is no longer last_day - run_start + 1) and freezes the
-- freezes held. The streak as of a later day is carried on from these with
-- clubbot.StreakState.Extend. freeze_told is the latest frozen day the
-- member was told about (each freeze is told once).
ALTER TABLE members ADD COLUMN run_days INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN freezes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE members ADD COLUMN freeze_told INTEGER NOT NULL DEFAULT 0;
-- Open recomputes every member with check-ins, filling run_days and freezes.
INSERT OR IGNORE INTO members_to_recompute SELECT guild_id, user_id FROM members WHERE last_day IS NOT NULL;

-- A member's planned breaks, in their own local days (both included). The
-- reason is private: only the member sees it.
CREATE TABLE breaks (
    guild_id TEXT    NOT NULL,
    user_id  TEXT    NOT NULL,
    from_day INTEGER NOT NULL,
    to_day   INTEGER NOT NULL,
    reason   TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (guild_id, user_id, from_day)
) WITHOUT ROWID;

-- no_breaks = 1: the challenge was created with allow-breaks false, so
-- members' break days are ordinary days in it (clubbot.Challenge.NoBreaks).
ALTER TABLE challenges ADD COLUMN no_breaks INTEGER NOT NULL DEFAULT 0;
