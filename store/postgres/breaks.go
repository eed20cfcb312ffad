package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"clubbot"
)

// PlanBreak stores break b for the member after clubbot.PlanBreak accepts
// it against their other breaks on their day today (its errors wrap
// ErrInvalid or ErrConflict and read as messages for the member), with the
// member's row locked so two replicas' plans are checked one after the
// other. Break days are all after today, so no stored streak or progress
// changes: both read breaks when they carry on past a day.
func (db *DB) PlanBreak(ctx context.Context, guildID, userID string, b clubbot.Break, today clubbot.Day) error {
	if guildID == "" || userID == "" {
		return fmt.Errorf("plan break: %w", clubbot.ErrInvalid)
	}
	err := db.write(ctx, func(tx pgx.Tx) error {
		if _, err := lockMember(ctx, tx, guildID, userID, db.now().UnixNano()); err != nil {
			return err
		}
		existing, err := memberBreaks(ctx, tx, guildID, userID, 0, 0)
		if err != nil {
			return err
		}
		if err := clubbot.PlanBreak(existing, b, today); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO breaks (guild_id, user_id, from_day, to_day, reason) VALUES ($1, $2, $3, $4, $5)`,
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
	err := db.write(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT 1 FROM members WHERE guild_id = $1 AND user_id = $2 FOR UPDATE`, guildID, userID); err != nil {
			return err
		}
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
			_, err = tx.Exec(ctx, `UPDATE breaks SET to_day = $1 WHERE guild_id = $2 AND user_id = $3 AND from_day = $4`,
				int64(nb.To), guildID, userID, int64(b.From))
		} else {
			_, err = tx.Exec(ctx, `DELETE FROM breaks WHERE guild_id = $1 AND user_id = $2 AND from_day = $3`,
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
	return memberBreaks(ctx, db.pool, guildID, userID, 0, 0)
}

// MarkFreezesTold records that the member was told about the freezes used
// up to day through (clubbot.FreezeNotice), so each is told once.
func (db *DB) MarkFreezesTold(ctx context.Context, guildID, userID string, through clubbot.Day) error {
	if err := markFreezesTold(ctx, db.pool, guildID, userID, through); err != nil {
		return fmt.Errorf("mark freezes told: %w", err)
	}
	return nil
}

// markFreezesTold moves the member's freeze_told up to through (never back).
func markFreezesTold(ctx context.Context, q querier, guildID, userID string, through clubbot.Day) error {
	_, err := q.Exec(ctx, `UPDATE members SET freeze_told = GREATEST(freeze_told, $1) WHERE guild_id = $2 AND user_id = $3`,
		int64(through), guildID, userID)
	return err
}
