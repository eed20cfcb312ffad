package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

const checkInColumns = `id, guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
	CASE WHEN id > 0 THEN id::text ELSE coalesce(interaction_id, '') END,
	coalesce(source, ''), entered_by, created_at`

// insertCheckIn stores a check-in unless its id or a unique index says it
// is stored already (then no row comes back). The id is the interaction
// snowflake, else the next of the negative sequence.
const insertCheckIn = `INSERT INTO checkins
	(id, guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
	 interaction_id, source, entered_by, created_at)
	VALUES (coalesce($1, nextval('checkins_negative_id')), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
	ON CONFLICT DO NOTHING RETURNING id`

// RecordCheckIn stores c in one transaction. It is idempotent on
// c.InteractionID and on (guild, user, c.Source) when Source is set: the
// unique indexes decide, so two replicas given the same interaction store
// it once. today is the member's local day, for the returned streak. The
// aggregates are updated in the same transaction by addCheckIn.
func (db *DB) RecordCheckIn(ctx context.Context, c clubbot.CheckIn, today clubbot.Day) (clubbot.CheckInResult, error) {
	c, err := store.PrepareCheckIn(c, db.now())
	if err != nil {
		return clubbot.CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	id, interaction := store.CheckInKeys(c.InteractionID)
	args := store.CheckInValues(c, id, interaction)
	var res clubbot.CheckInResult
	in := c
	err = db.write(ctx, func(tx pgx.Tx) error {
		res, c = clubbot.CheckInResult{}, in
		err := tx.QueryRow(ctx, insertCheckIn, args...).Scan(&c.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			res.Duplicate = true
			earlier, err := store.ScanCheckIn(tx.QueryRow(ctx, `SELECT `+checkInColumns+` FROM checkins
				WHERE id = $1 OR interaction_id = $2 OR (guild_id = $3 AND user_id = $4 AND source = $5)
				ORDER BY id LIMIT 1`, id, interaction, c.GuildID, c.UserID, store.Nullable(c.Source)))
			if err != nil {
				return fmt.Errorf("find earlier check-in: %w", err)
			}
			c = earlier
			res.Day, res.Streak, err = dayAndStreak(ctx, tx, c, today)
			return err
		}
		if err != nil {
			return err
		}
		day, sum, err := addCheckIn(ctx, tx, c, 1)
		if err != nil {
			return err
		}
		res.Day = day
		return checkInStreak(ctx, tx, c, sum, today, &res)
	})
	if err != nil {
		return clubbot.CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	res.CheckIn = c
	return res, nil
}

// checkInStreak fills res's streak as of today from the member's stored
// state sum (store.Summary.CheckInState), with the freezes used since their
// previous check-in that they have not been told about, and marks those
// told (the member's row is locked by addCheckIn).
func checkInStreak(ctx context.Context, tx pgx.Tx, c clubbot.CheckIn, sum store.Summary, today clubbot.Day, res *clubbot.CheckInResult) error {
	breaks, err := missedBreaks(ctx, tx, c.GuildID, c.UserID, sum, today)
	if err != nil {
		return err
	}
	st := sum.CheckInState(breaks, today)
	res.Streak, res.State = st.Streak, st
	if len(st.Frozen) == 0 {
		return nil
	}
	return markFreezesTold(ctx, tx, c.GuildID, c.UserID, st.Frozen[len(st.Frozen)-1])
}

// UndoCheckIn deletes check-in id if it belongs to (guild, user); ErrNotFound otherwise.
func (db *DB) UndoCheckIn(ctx context.Context, guildID, userID string, id int64) (clubbot.CheckIn, error) {
	c, err := db.deleteCheckIn(ctx, `id = $1 AND guild_id = $2 AND user_id = $3`, id, guildID, userID)
	if err != nil {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in %d: %w", id, err)
	}
	return c, nil
}

// deleteCheckIn deletes the check-in where says and takes it out of the
// member's aggregates in the same transaction; ErrNotFound when none.
func (db *DB) deleteCheckIn(ctx context.Context, where string, args ...any) (clubbot.CheckIn, error) {
	var c clubbot.CheckIn
	err := db.write(ctx, func(tx pgx.Tx) error {
		var err error
		c, err = store.ScanCheckIn(tx.QueryRow(ctx, `DELETE FROM checkins WHERE `+where+` RETURNING `+checkInColumns, args...))
		if errors.Is(err, pgx.ErrNoRows) {
			return clubbot.ErrNotFound
		}
		if err != nil {
			return err
		}
		_, _, err = addCheckIn(ctx, tx, c, -1)
		return err
	})
	return c, err
}

// CheckIns returns a member's check-ins on day, oldest first.
func (db *DB) CheckIns(ctx context.Context, guildID, userID string, day clubbot.Day) ([]clubbot.CheckIn, error) {
	var out []clubbot.CheckIn
	err := eachRow(ctx, db.pool, store.AppendTo(&out, store.ScanCheckIn),
		`SELECT `+checkInColumns+` FROM checkins WHERE guild_id = $1 AND day = $3 AND user_id = $2 ORDER BY id`,
		guildID, userID, int64(day))
	if err != nil {
		return nil, fmt.Errorf("check-ins: %w", err)
	}
	return out, nil
}

// CheckedInCount returns how many distinct members checked in on day
// (server-local), for the daily post's "12 checked in".
func (db *DB) CheckedInCount(ctx context.Context, guildID string, day clubbot.Day) (int, error) {
	var n int
	err := db.pool.QueryRow(ctx, `SELECT count(DISTINCT user_id) FROM checkins WHERE guild_id = $1 AND day = $2`,
		guildID, int64(day)).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("checked-in count: %w", err)
	}
	return n, nil
}

// UndoEntered deletes check-in id of the server, only when enteredBy
// recorded it (SPEC 3 "Components"); anyone else gets ErrNotFound.
func (db *DB) UndoEntered(ctx context.Context, guildID, enteredBy string, id int64) (clubbot.CheckIn, error) {
	if guildID == "" || enteredBy == "" {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in: %w", clubbot.ErrInvalid)
	}
	c, err := db.deleteCheckIn(ctx, `id = $1 AND guild_id = $2 AND entered_by = $3`, id, guildID, enteredBy)
	if err != nil {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in %d: %w", id, err)
	}
	return c, nil
}

// TakeFixNotices returns the admin fixes recorded for the member that they
// have not been shown yet, oldest first, and deletes them, so each is told
// once (of two replicas taking them at once, one gets them).
func (db *DB) TakeFixNotices(ctx context.Context, guildID, userID string) ([]clubbot.CheckIn, error) {
	var pending bool
	if err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM fix_notices WHERE guild_id = $1 AND user_id = $2)`,
		guildID, userID).Scan(&pending); err != nil || !pending {
		if err != nil {
			return nil, fmt.Errorf("fix notices of %s: %w", userID, err)
		}
		return nil, nil
	}
	var out []clubbot.CheckIn
	err := db.write(ctx, func(tx pgx.Tx) error {
		out = nil
		return eachRow(ctx, tx, store.AppendTo(&out, store.ScanCheckIn),
			`WITH taken AS (DELETE FROM fix_notices WHERE guild_id = $1 AND user_id = $2 RETURNING checkin_id)
			SELECT `+checkInColumns+` FROM checkins WHERE id IN (SELECT checkin_id FROM taken) ORDER BY day, id`,
			guildID, userID)
	})
	if err != nil {
		return nil, fmt.Errorf("fix notices of %s: %w", userID, err)
	}
	return out, nil
}
