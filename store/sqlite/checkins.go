package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"clubbot"
	"clubbot/store"
)

const checkInColumns = `id, guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
	CASE WHEN id > 0 THEN CAST(id AS TEXT) ELSE coalesce(interaction_id, '') END,
	coalesce(source, ''), entered_by, created_at`

// scanner is a *sql.Row or *sql.Rows.
type scanner = store.Scanner

// RecordCheckIn stores c in one transaction. It is idempotent on
// c.InteractionID and on (guild, user, c.Source) when Source is set. today is
// the member's local day, used for the returned streak.
//
// The member's day row, running totals and challenge progress are updated
// in the same transaction by addCheckIn, which computes them with the root
// package's rules.
func (db *DB) RecordCheckIn(ctx context.Context, c clubbot.CheckIn, today clubbot.Day) (clubbot.CheckInResult, error) {
	c, err := store.PrepareCheckIn(c, db.now())
	if err != nil {
		return clubbot.CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	id, interaction := store.CheckInKeys(c.InteractionID)
	args := store.CheckInValues(c, id, interaction)
	var res clubbot.CheckInResult
	err = db.write(ctx, func(tx *sql.Tx) error {
		res = clubbot.CheckInResult{}
		err := tx.QueryRowContext(ctx, insertCheckIn, args...).Scan(&c.ID)
		if errors.Is(err, sql.ErrNoRows) {
			res.Duplicate = true
			earlier, err := store.ScanCheckIn(tx.QueryRowContext(ctx, `SELECT `+checkInColumns+` FROM checkins
				WHERE id = ?1 OR interaction_id = ?2 OR (guild_id = ?3 AND user_id = ?4 AND source = ?5)
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
		return db.checkInStreak(ctx, tx, c, sum, today, &res)
	})
	if err != nil {
		return clubbot.CheckInResult{}, fmt.Errorf("record check-in: %w", err)
	}
	res.CheckIn = c
	return res, nil
}

// checkInStreak fills res's streak as of today from the member's stored
// state sum, with the freezes used since their previous check-in that they
// have not been told about, and marks those told.
func (db *DB) checkInStreak(ctx context.Context, tx *sql.Tx, c clubbot.CheckIn, sum store.Summary, today clubbot.Day, res *clubbot.CheckInResult) error {
	breaks, err := missedBreaks(ctx, tx, c.GuildID, c.UserID, sum, today)
	if err != nil {
		return err
	}
	st := sum.CheckInState(breaks, today)
	res.Streak, res.State = st.Streak, st
	if len(st.Frozen) == 0 {
		return nil
	}
	_, err = tx.ExecContext(ctx, `UPDATE members SET freeze_told = max(freeze_told, ?) WHERE guild_id = ? AND user_id = ?`,
		int64(st.Frozen[len(st.Frozen)-1]), c.GuildID, c.UserID)
	return err
}

// insertCheckIn stores a check-in unless its id or a unique index says it
// is stored already (then no row comes back). The id is the interaction
// snowflake, else one below the lowest id so far.
const insertCheckIn = `INSERT INTO checkins
	(id, guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
	 interaction_id, source, entered_by, created_at)
	VALUES (coalesce(?1, (SELECT min(0, coalesce(min(id), 0)) - 1 FROM checkins)),
		?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
	ON CONFLICT DO NOTHING RETURNING id`

// querier is a transaction or a pool.
type querier interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// anyQuerier is a transaction or a pool, for one row or many.
type anyQuerier interface {
	querier
	rowsQuerier
}

// UndoCheckIn deletes check-in id if it belongs to (guild, user); ErrNotFound otherwise.
func (db *DB) UndoCheckIn(ctx context.Context, guildID, userID string, id int64) (clubbot.CheckIn, error) {
	c, err := db.deleteCheckIn(ctx, `id = ? AND guild_id = ? AND user_id = ?`, id, guildID, userID)
	if err != nil {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in %d: %w", id, err)
	}
	return c, nil
}

// deleteCheckIn deletes the check-in where says and takes it out of the
// member's aggregates in the same transaction; ErrNotFound when none.
func (db *DB) deleteCheckIn(ctx context.Context, where string, args ...any) (clubbot.CheckIn, error) {
	var c clubbot.CheckIn
	err := db.write(ctx, func(tx *sql.Tx) error {
		var err error
		c, err = store.ScanCheckIn(tx.QueryRowContext(ctx, `DELETE FROM checkins WHERE `+where+` RETURNING `+checkInColumns, args...))
		if errors.Is(err, sql.ErrNoRows) {
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
