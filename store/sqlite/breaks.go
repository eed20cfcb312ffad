package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"clubbot"
)

// PlanBreak stores break b for the member after clubbot.PlanBreak accepts
// it against their other breaks on their day today (its errors wrap
// ErrInvalid or ErrConflict and read as messages for the member). Break
// days are all after today, so no stored streak or progress changes: both
// read breaks when they carry on past a day.
func (db *DB) PlanBreak(ctx context.Context, guildID, userID string, b clubbot.Break, today clubbot.Day) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("plan break: %w", clubbot.ErrInvalid)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		existing, err := memberBreaks(ctx, tx, guildID, userID, 0, 0)
		if err != nil {
			return err
		}
		if err := clubbot.PlanBreak(existing, b, today); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO breaks (guild_id, user_id, from_day, to_day, reason) VALUES (?, ?, ?, ?, ?)`,
			guildID, userID, int64(b.From), int64(b.To), b.Reason)
		return err
	})
	if err != nil {
		return fmt.Errorf("plan break: %w", err)
	}
	return nil
}

// CancelBreak ends the member's running break, else their next planned one
// (clubbot.CurrentBreak), from tomorrow on (clubbot.CancelBreak: a running
// break ends today, a planned one goes). It returns the break as it was;
// ErrNotFound when there is none.
func (db *DB) CancelBreak(ctx context.Context, guildID, userID string, today clubbot.Day) (clubbot.Break, error) {
	var was clubbot.Break
	err := db.write(ctx, func(tx *sql.Tx) error {
		existing, err := memberBreaks(ctx, tx, guildID, userID, today, 0)
		if err != nil {
			return err
		}
		b, ok := clubbot.CurrentBreak(existing, today)
		if !ok {
			return fmt.Errorf("no break running or planned: %w", clubbot.ErrNotFound)
		}
		was = b
		if nb, kept := clubbot.CancelBreak(b, today); kept {
			_, err = tx.ExecContext(ctx, `UPDATE breaks SET to_day = ? WHERE guild_id = ? AND user_id = ? AND from_day = ?`,
				int64(nb.To), guildID, userID, int64(b.From))
		} else {
			_, err = tx.ExecContext(ctx, `DELETE FROM breaks WHERE guild_id = ? AND user_id = ? AND from_day = ?`,
				guildID, userID, int64(b.From))
		}
		return err
	})
	if err != nil {
		return clubbot.Break{}, fmt.Errorf("cancel break: %w", err)
	}
	return was, nil
}

// Breaks returns the member's breaks, past and planned, by start.
func (db *DB) Breaks(ctx context.Context, guildID, userID string) ([]clubbot.Break, error) {
	return memberBreaks(ctx, db.reader, guildID, userID, 0, 0)
}

// MarkFreezesTold records that the member was told about the freezes used
// up to day through (clubbot.FreezeNotice), so each is told once.
func (db *DB) MarkFreezesTold(ctx context.Context, guildID, userID string, through clubbot.Day) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET freeze_told = max(freeze_told, ?) WHERE guild_id = ? AND user_id = ?`,
			int64(through), guildID, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("mark freezes told: %w", err)
	}
	return nil
}
