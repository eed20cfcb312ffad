package store

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"clubbot"
)

// ReplayWindow is how long an interaction id is remembered: as long as
// Discord's interaction token lives, and longer than the HTTP signature
// window, so neither a redelivery nor a replayed request can run twice.
const ReplayWindow = 15 * time.Minute

// Claim is what ClaimInteraction found.
type Claim struct {
	// Won: this attempt handles the interaction (the first one, or a retry
	// after an earlier attempt's lease ran out unfinished).
	Won bool
	// Done: an earlier attempt finished; Reply is its reply's JSON when it
	// kept one.
	Done  bool
	Reply []byte
}

// ClaimInteraction claims interaction id for lease before its handler
// runs. Of any number of attempts, in any processes, exactly one wins until
// the claim is finished or its lease runs out. Rows older than ReplayWindow
// are deleted in the same transaction: an index range that is nearly
// always empty.
func (db *DB) ClaimInteraction(ctx context.Context, id string, lease time.Duration) (Claim, error) {
	if id == "" || lease <= 0 {
		return Claim{}, fmt.Errorf("claim interaction: empty id or lease: %w", clubbot.ErrInvalid)
	}
	now := db.now()
	var c Claim
	err := db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM interactions WHERE first_at < ?`,
			now.Add(-ReplayWindow).UnixNano()); err != nil {
			return fmt.Errorf("prune: %w", err)
		}
		won, err := execChanged(ctx, tx, `INSERT INTO interactions (id, first_at, lease_until) VALUES (?1, ?2, ?3)
			ON CONFLICT (id) DO UPDATE SET lease_until = excluded.lease_until
			WHERE done = 0 AND lease_until <= ?2`,
			id, now.UnixNano(), now.Add(lease).UnixNano())
		if err != nil || won {
			c.Won = won
			return err
		}
		var reply sql.NullString
		if err := tx.QueryRowContext(ctx, `SELECT done, reply FROM interactions WHERE id = ?`, id).
			Scan(&c.Done, &reply); err != nil {
			return err
		}
		if reply.Valid {
			c.Reply = []byte(reply.String)
		}
		return nil
	})
	if err != nil {
		return Claim{}, fmt.Errorf("claim interaction %s: %w", id, err)
	}
	return c, nil
}

// HoldInteraction renews the lease of an unfinished claim, for a reply
// whose slow part (an LLM answer) runs on after the first response.
func (db *DB) HoldInteraction(ctx context.Context, id string, lease time.Duration) error {
	err := db.write(ctx, func(tx *sql.Tx) error {
		return execFound(ctx, tx, `UPDATE interactions SET lease_until = ? WHERE id = ? AND done = 0`,
			db.now().Add(lease).UnixNano(), id)
	})
	if err != nil {
		return fmt.Errorf("hold interaction %s: %w", id, err)
	}
	return nil
}

// FinishInteraction marks the interaction handled, keeping reply (JSON;
// nil when the reply could not be kept) for a repeat to get.
func (db *DB) FinishInteraction(ctx context.Context, id string, reply []byte) error {
	var r any
	if reply != nil {
		r = string(reply)
	}
	err := db.write(ctx, func(tx *sql.Tx) error {
		return execFound(ctx, tx, `UPDATE interactions SET done = 1, reply = ? WHERE id = ?`, r, id)
	})
	if err != nil {
		return fmt.Errorf("finish interaction %s: %w", id, err)
	}
	return nil
}
