-- clubbot schema, version 4: members who leave a challenge keep their
-- place, members' own reminder time, and admin fixes the member has not
-- been told about yet.

-- The day a member left a challenge (their local day); NULL while they
-- take part. The row stays, so joining again keeps the qualifying days
-- already earned (the check-in triggers keep it up to date meanwhile, so
-- the member's own progress reads as if they never left), and group
-- consistency counts the member on the days they took part only.
ALTER TABLE participants ADD COLUMN left_day INTEGER;
-- The days a member who joined again was away (left, not yet back): one
-- '0' or '1' per challenge day from the start, like qualified; shorter
-- means not away. Group consistency leaves those days out for them.
ALTER TABLE participants ADD COLUMN away TEXT NOT NULL DEFAULT '';

-- A member's own reminder time (minutes after midnight in their zone);
-- NULL means the server's.
ALTER TABLE members ADD COLUMN reminder_time INTEGER;

-- Check-ins an admin recorded for a member (entered_by is not the member)
-- that the member has not been shown yet. The triggers keep it in step with
-- check-ins: a fix adds its row, an undo or a deletion takes it away.
CREATE TABLE fix_notices (
    checkin_id INTEGER NOT NULL PRIMARY KEY,
    guild_id   TEXT    NOT NULL,
    user_id    TEXT    NOT NULL
);
CREATE INDEX fix_notices_member ON fix_notices (guild_id, user_id);

CREATE TRIGGER checkins_fix_notice AFTER INSERT ON checkins
WHEN NEW.entered_by <> NEW.user_id BEGIN
    INSERT INTO fix_notices (checkin_id, guild_id, user_id) VALUES (NEW.id, NEW.guild_id, NEW.user_id);
END;

CREATE TRIGGER checkins_fix_notice_gone AFTER DELETE ON checkins
WHEN OLD.entered_by <> OLD.user_id BEGIN
    DELETE FROM fix_notices WHERE checkin_id = OLD.id;
END;

-- The scheduler looks for opted-in members of each server every tick.
CREATE INDEX members_reminders ON members (guild_id) WHERE reminders = 1;
