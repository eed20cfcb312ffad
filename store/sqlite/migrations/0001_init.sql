-- clubbot schema, version 1.
--
-- Times are Unix nanoseconds (INTEGER); days are clubbot.Day (days since
-- 1970-01-01, the member's local calendar day).
--
-- Check-ins are the record. member_days, the running totals in members and
-- the progress columns in participants are aggregates that the triggers at
-- the end keep in step with check-ins inside the same transaction, so
-- leaderboards and streaks read one row per member instead of millions of
-- check-ins. A check-in dirties three pages (its own, the day row, the
-- member row; four when the member is in a running challenge): each dirty
-- page is a WAL frame written at commit, which is what a commit costs.

CREATE TABLE guild_settings (
    guild_id         TEXT    NOT NULL PRIMARY KEY,
    channel_id       TEXT    NOT NULL DEFAULT '',
    time_zone        TEXT    NOT NULL DEFAULT '',
    checkin_time     INTEGER NOT NULL,
    leaderboard_day  INTEGER NOT NULL,
    leaderboard_time INTEGER NOT NULL,
    reminder_time    INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
) WITHOUT ROWID;

-- A member of a server: personal settings plus running totals kept by the
-- check-in triggers. The row is created by the first check-in (joined_at =
-- its time), by joining a challenge or by /me.
--
-- The week and month leaderboards read these rows only: wk_* is the week
-- (starting Monday) of the member's latest check-in and pwk_* the one before
-- it, mo_*/pmo_* the same for calendar months. Two slots cover a member whose
-- zone is a day ahead of the server's, since the board's period is the
-- server's. Keeping them here instead of in a table of their own keeps a
-- check-in to three dirty pages (check-in, day row, member row).
CREATE TABLE members (
    guild_id      TEXT    NOT NULL,
    user_id       TEXT    NOT NULL,
    time_zone     TEXT    NOT NULL DEFAULT '',
    reminders     INTEGER NOT NULL DEFAULT 0,
    hidden        INTEGER NOT NULL DEFAULT 0,
    joined_at     INTEGER NOT NULL,
    total_days    INTEGER NOT NULL DEFAULT 0,
    total_minutes INTEGER NOT NULL DEFAULT 0,
    last_day      INTEGER,                    -- latest day with a check-in, NULL when none
    prev_day      INTEGER,                    -- the day with a check-in before last_day
    run_start     INTEGER,                    -- first day of the run of days ending at last_day
    longest       INTEGER NOT NULL DEFAULT 0, -- longest run of days
    -- stale = 1: the totals, days and slots need recomputing from
    -- member_days (a day was added before last_day, or a check-in deleted).
    -- The store does it in the same transaction: committed rows are never stale.
    stale         INTEGER NOT NULL DEFAULT 0,
    wk_start      INTEGER, wk_days  INTEGER NOT NULL DEFAULT 0, wk_minutes  INTEGER NOT NULL DEFAULT 0,
    pwk_start     INTEGER, pwk_days INTEGER NOT NULL DEFAULT 0, pwk_minutes INTEGER NOT NULL DEFAULT 0,
    mo_start      INTEGER, mo_days  INTEGER NOT NULL DEFAULT 0, mo_minutes  INTEGER NOT NULL DEFAULT 0,
    pmo_start     INTEGER, pmo_days INTEGER NOT NULL DEFAULT 0, pmo_minutes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (guild_id, user_id)
) WITHOUT ROWID;

-- A check-in's id is its Discord interaction id when that is a snowflake
-- (positive, increasing: rows append at the end of the table and the
-- primary key is the "same interaction records once" check, with no index
-- to update). Other check-ins get negative ids; a non-snowflake interaction
-- id is then kept in interaction_id under a unique index.
CREATE TABLE checkins (
    id             INTEGER PRIMARY KEY,
    guild_id       TEXT    NOT NULL,
    user_id        TEXT    NOT NULL,
    day            INTEGER NOT NULL,
    -- The Monday and the 1st of the month of day (clubbot.Week/Month.Range),
    -- set by the store so the triggers need no date arithmetic.
    week_start     INTEGER NOT NULL CHECK (week_start = day - (day % 7 + 10) % 7),
    month_start    INTEGER NOT NULL,
    minutes        INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 240),
    timing         TEXT    NOT NULL DEFAULT '',
    tool           TEXT    NOT NULL DEFAULT '',
    sore_spot      TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT '',
    interaction_id TEXT,    -- only for id < 0: a non-snowflake interaction id, or NULL for none
    source         TEXT,    -- NULL when not set
    entered_by     TEXT    NOT NULL,
    created_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX checkins_interaction ON checkins (interaction_id) WHERE interaction_id IS NOT NULL;
-- A member's clicks on one daily post record once.
CREATE UNIQUE INDEX checkins_source ON checkins (guild_id, user_id, source) WHERE source IS NOT NULL;

-- A member's minutes and sessions per day: history, calendars, streak
-- recomputation and challenge joins. ids lists the day's check-in ids
-- (comma-separated), which finds a member's check-ins without an index on
-- checkins.
CREATE TABLE member_days (
    guild_id TEXT    NOT NULL,
    user_id  TEXT    NOT NULL,
    day      INTEGER NOT NULL,
    minutes  INTEGER NOT NULL,
    sessions INTEGER NOT NULL,
    ids      TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, day)
) WITHOUT ROWID;

CREATE TABLE challenges (
    id            INTEGER PRIMARY KEY,
    guild_id      TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    description   TEXT    NOT NULL DEFAULT '',
    start         INTEGER NOT NULL,
    days          INTEGER NOT NULL,
    daily_minutes INTEGER NOT NULL,
    grace_days    INTEGER NOT NULL,
    created_by    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    ended         INTEGER NOT NULL DEFAULT 0,
    ended_by      TEXT    NOT NULL DEFAULT '',
    ended_at      INTEGER
);
CREATE INDEX challenges_guild_name ON challenges (guild_id, name COLLATE NOCASE);

-- A member in a challenge. start/days/daily_minutes are copied from the
-- challenge (they never change) so the check-in trigger needs no join;
-- qualified holds one '0' or '1' per challenge day, and it and minutes
-- count the member's days from max(start, joined_day) to the end.
CREATE TABLE participants (
    challenge_id    INTEGER NOT NULL REFERENCES challenges (id) ON DELETE CASCADE,
    user_id         TEXT    NOT NULL,
    guild_id        TEXT    NOT NULL,
    joined_day      INTEGER NOT NULL,
    joined_at       INTEGER NOT NULL,
    start           INTEGER NOT NULL,
    days            INTEGER NOT NULL,
    daily_minutes   INTEGER NOT NULL,
    minutes         INTEGER NOT NULL DEFAULT 0,
    qualifying_days INTEGER NOT NULL DEFAULT 0,
    qualified       TEXT    NOT NULL,
    PRIMARY KEY (challenge_id, user_id)
) WITHOUT ROWID;
CREATE INDEX participants_member ON participants (guild_id, user_id);

-- Scheduled posts, claimed before they are sent.
CREATE TABLE posts (
    guild_id   TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    key        TEXT    NOT NULL,
    channel_id TEXT    NOT NULL DEFAULT '',
    message_id TEXT    NOT NULL DEFAULT '',
    claimed_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, kind, key)
) WITHOUT ROWID;
CREATE INDEX posts_message ON posts (message_id) WHERE message_id <> '';

CREATE TABLE faq_entries (
    id         INTEGER PRIMARY KEY,
    guild_id   TEXT    NOT NULL,
    question   TEXT    NOT NULL,
    answer     TEXT    NOT NULL,
    created_by TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX faq_entries_guild ON faq_entries (guild_id, id);

-- Asked questions; normalized groups rephrasings for /faq gaps.
CREATE TABLE questions (
    id         INTEGER PRIMARY KEY,
    guild_id   TEXT    NOT NULL,
    user_id    TEXT    NOT NULL, -- '' once the member deleted their data
    question   TEXT    NOT NULL,
    normalized TEXT    NOT NULL,
    answered   INTEGER NOT NULL,
    asked_at   INTEGER NOT NULL
);
CREATE INDEX questions_gaps ON questions (guild_id, answered, normalized);
CREATE INDEX questions_member ON questions (guild_id, user_id);

CREATE TABLE feedback (
    question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
    user_id     TEXT    NOT NULL,
    helpful     INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    PRIMARY KEY (question_id, user_id)
) WITHOUT ROWID;
CREATE INDEX feedback_member ON feedback (user_id);

-- ---- aggregate maintenance
--
-- The triggers keep the aggregates exact for check-ins that arrive in day
-- order, the common case, with arithmetic on the member row alone. A
-- check-in for a day before the member's latest day, and any deletion, only
-- mark the member row stale; the store then recomputes it from member_days
-- in the same transaction (store.recomputeMember).

-- checkins_after_insert adds a check-in to the three aggregates, in this
-- order: the day row first, since the challenge update reads the day's new
-- total from it.
CREATE TRIGGER checkins_after_insert AFTER INSERT ON checkins BEGIN
    -- The day row: a first session creates it, later ones add to it.
    INSERT INTO member_days (guild_id, user_id, day, minutes, sessions, ids)
    VALUES (NEW.guild_id, NEW.user_id, NEW.day, NEW.minutes, 1, NEW.id)
    ON CONFLICT (guild_id, user_id, day) DO UPDATE
        SET minutes = minutes + excluded.minutes, sessions = sessions + 1, ids = ids || ',' || excluded.ids;

    -- In order, NEW.day is last_day (another session: minutes only) or
    -- later (a new day: extend or restart the run, and move the period
    -- slots on when NEW.day starts a new week or month).
    --
    -- Every SET expression reads the row as it was before this UPDATE
    -- (SQLite evaluates them all first), so the order of the assignments
    -- does not matter: pwk_* copies the old wk_* even though wk_* is set
    -- after it. A comparison is 0 or 1, so total_days and *_days add the
    -- boolean "this is a new day". NEW.day < last_day (out of order) only
    -- marks the row stale: its run and slots are recomputed from
    -- member_days by the store.
    INSERT INTO members (guild_id, user_id, joined_at, total_days, total_minutes, last_day, run_start, longest,
                         wk_start, wk_days, wk_minutes, mo_start, mo_days, mo_minutes)
    VALUES (NEW.guild_id, NEW.user_id, NEW.created_at, 1, NEW.minutes, NEW.day, NEW.day, 1,
            NEW.week_start, 1, NEW.minutes, NEW.month_start, 1, NEW.minutes)
    ON CONFLICT (guild_id, user_id) DO UPDATE SET
        stale = CASE WHEN NEW.day < last_day THEN 1 ELSE stale END,
        total_minutes = total_minutes + NEW.minutes,
        total_days = total_days + (last_day IS NULL OR NEW.day > last_day),
        run_start = CASE WHEN last_day IS NULL OR NEW.day > last_day + 1 THEN NEW.day ELSE run_start END,
        longest = CASE
            WHEN last_day IS NULL OR NEW.day > last_day + 1 THEN max(longest, 1)
            WHEN NEW.day = last_day + 1 THEN max(longest, NEW.day - run_start + 1)
            ELSE longest END,
        prev_day = CASE WHEN NEW.day > last_day THEN last_day ELSE prev_day END,
        last_day = CASE WHEN last_day IS NULL OR NEW.day > last_day THEN NEW.day ELSE last_day END,
        pwk_start = CASE WHEN wk_start IS NULL OR NEW.week_start > wk_start THEN wk_start ELSE pwk_start END,
        pwk_days = CASE WHEN wk_start IS NULL OR NEW.week_start > wk_start THEN wk_days ELSE pwk_days END,
        pwk_minutes = CASE WHEN wk_start IS NULL OR NEW.week_start > wk_start THEN wk_minutes ELSE pwk_minutes END,
        wk_start = CASE WHEN wk_start IS NULL OR NEW.week_start > wk_start THEN NEW.week_start ELSE wk_start END,
        wk_days = CASE WHEN wk_start IS NULL OR NEW.week_start > wk_start THEN 1 ELSE wk_days + (NEW.day > last_day) END,
        wk_minutes = CASE WHEN wk_start IS NULL OR NEW.week_start > wk_start THEN NEW.minutes ELSE wk_minutes + NEW.minutes END,
        pmo_start = CASE WHEN mo_start IS NULL OR NEW.month_start > mo_start THEN mo_start ELSE pmo_start END,
        pmo_days = CASE WHEN mo_start IS NULL OR NEW.month_start > mo_start THEN mo_days ELSE pmo_days END,
        pmo_minutes = CASE WHEN mo_start IS NULL OR NEW.month_start > mo_start THEN mo_minutes ELSE pmo_minutes END,
        mo_start = CASE WHEN mo_start IS NULL OR NEW.month_start > mo_start THEN NEW.month_start ELSE mo_start END,
        mo_days = CASE WHEN mo_start IS NULL OR NEW.month_start > mo_start THEN 1 ELSE mo_days + (NEW.day > last_day) END,
        mo_minutes = CASE WHEN mo_start IS NULL OR NEW.month_start > mo_start THEN NEW.minutes ELSE mo_minutes + NEW.minutes END;

    -- Challenges: minutes within the member's part of the challenge, and
    -- the day qualifies when this session lifted its minutes to the target.
    -- The subquery reads the day's total including this session (the day
    -- row was updated above); "total >= target and total - this session <
    -- target" is true for exactly one session of a day, so a day counts
    -- once however many sessions it has. qualified's character for the day
    -- (1-based position NEW.day - start + 1) becomes '1'. The WHERE keeps
    -- days outside the member's part of the challenge out.
    UPDATE participants SET
        minutes = minutes + NEW.minutes,
        qualifying_days = qualifying_days + (
            (SELECT minutes FROM member_days WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id AND day = NEW.day) >= daily_minutes
            AND (SELECT minutes FROM member_days WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id AND day = NEW.day) - NEW.minutes < daily_minutes),
        qualified = CASE WHEN
            (SELECT minutes FROM member_days WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id AND day = NEW.day) >= daily_minutes
            AND (SELECT minutes FROM member_days WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id AND day = NEW.day) - NEW.minutes < daily_minutes
            THEN substr(qualified, 1, NEW.day - start) || '1' || substr(qualified, NEW.day - start + 2)
            ELSE qualified END
    WHERE guild_id = NEW.guild_id AND user_id = NEW.user_id
      AND NEW.day BETWEEN max(start, joined_day) AND start + days - 1;
END;

-- checkins_after_delete takes a check-in back out, the mirror image of the
-- insert trigger: the day row loses the session, the member row is marked
-- stale (a run or longest streak cannot be undone by arithmetic; the store
-- recomputes it in the same transaction), challenge progress loses the
-- minutes and, when the day fell below the target, the day's '1'. The day
-- row goes last, once its last session is gone, so the challenge update
-- above still reads its new total.
CREATE TRIGGER checkins_after_delete AFTER DELETE ON checkins BEGIN
    -- ids: wrap in commas so removing id 12 cannot touch 112 or 123.
    UPDATE member_days SET
        minutes = minutes - OLD.minutes,
        sessions = sessions - 1,
        ids = trim(replace(',' || ids || ',', ',' || OLD.id || ',', ','), ',')
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND day = OLD.day;

    UPDATE members SET stale = 1 WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id;

    UPDATE participants SET
        minutes = minutes - OLD.minutes,
        qualifying_days = qualifying_days - (
            coalesce((SELECT minutes FROM member_days WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND day = OLD.day), 0) < daily_minutes
            AND coalesce((SELECT minutes FROM member_days WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND day = OLD.day), 0) + OLD.minutes >= daily_minutes),
        qualified = CASE WHEN
            coalesce((SELECT minutes FROM member_days WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND day = OLD.day), 0) < daily_minutes
            AND coalesce((SELECT minutes FROM member_days WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND day = OLD.day), 0) + OLD.minutes >= daily_minutes
            THEN substr(qualified, 1, OLD.day - start) || '0' || substr(qualified, OLD.day - start + 2)
            ELSE qualified END
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND OLD.day BETWEEN max(start, joined_day) AND start + days - 1;

    DELETE FROM member_days
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND day = OLD.day AND sessions <= 0;
END;
