package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"clubbot"
	"clubbot/store"
)

// UndoEntered deletes check-in id of the server, only when enteredBy
// recorded it: a member's own session, or an admin's fix for another member
// (SPEC 3 "Components": the fix's Undo is for the admin who made it). Anyone
// else, the member a fix is for included, or a check-in of another server
// gets ErrNotFound. The member's totals are recomputed in the same
// transaction, as UndoCheckIn does.
func (db *DB) UndoEntered(ctx context.Context, guildID, enteredBy string, id int64) (clubbot.CheckIn, error) {
	if guildID == "" || enteredBy == "" {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in: %w", clubbot.ErrInvalid)
	}
	c, err := db.deleteCheckIn(ctx, `id = ? AND guild_id = ? AND entered_by = ?`, id, guildID, enteredBy)
	if err != nil {
		return clubbot.CheckIn{}, fmt.Errorf("undo check-in %d: %w", id, err)
	}
	return c, nil
}

// TakeFixNotices returns the admin fixes recorded for the member that they
// have not been shown yet, oldest first, and marks them shown, so each is
// told once. Undone fixes are gone from the list (undoing a check-in takes its notice away).
func (db *DB) TakeFixNotices(ctx context.Context, guildID, userID string) ([]clubbot.CheckIn, error) {
	// Most members have none: a read, not a write transaction, says so.
	var pending bool
	if err := db.reader.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM fix_notices WHERE guild_id = ? AND user_id = ?)`,
		guildID, userID).Scan(&pending); err != nil || !pending {
		if err != nil {
			return nil, fmt.Errorf("fix notices of %s: %w", userID, err)
		}
		return nil, nil
	}
	var out []clubbot.CheckIn
	err := db.write(ctx, func(tx *sql.Tx) error {
		out = nil
		err := eachRow(ctx, tx, store.AppendTo(&out, store.ScanCheckIn),
			`SELECT `+checkInColumns+` FROM checkins
			WHERE id IN (SELECT checkin_id FROM fix_notices WHERE guild_id = ? AND user_id = ?)
			ORDER BY day, id`, guildID, userID)
		if err != nil || len(out) == 0 {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM fix_notices WHERE guild_id = ? AND user_id = ?`, guildID, userID)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("fix notices of %s: %w", userID, err)
	}
	return out, nil
}
