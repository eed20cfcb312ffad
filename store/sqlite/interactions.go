package sqlite

import (
	"clubbot/store"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"clubbot"
)

// ClaimInteraction claims interaction id for lease before its handler
// runs. Of any number of attempts, in any processes, exactly one wins until
// the claim is finished or its lease runs out; a row older than
// ReplayWindow counts as no claim. Each step is one autocommit statement,
// as today's check-in is: every interaction makes these writes.
func (db *DB) ClaimInteraction(ctx context.Context, id string, lease time.Duration) (store.Claim, error) {
	if id == "" || lease <= 0 {
		return store.Claim{}, fmt.Errorf("claim interaction: empty id or lease: %w", clubbot.ErrInvalid)
	}
	now := db.now()
	cutoff := now.Add(-store.ReplayWindow).UnixNano()
	if db.claims.Add(1)%store.PruneEvery == 1 {
		if _, err := db.autoExec(ctx, `DELETE FROM interactions WHERE first_at < ?`, cutoff); err != nil {
			return store.Claim{}, fmt.Errorf("claim interaction %s: prune: %w", id, err)
		}
	}
	var one int
	err := db.autocommit(ctx, `INSERT INTO interactions (id, first_at, lease_until) VALUES (?1, ?2, ?3)
		ON CONFLICT (id) DO UPDATE SET first_at = excluded.first_at, lease_until = excluded.lease_until,
			done = 0, reply = NULL
		WHERE first_at < ?4 OR (done = 0 AND lease_until <= ?2)
		RETURNING 1`, []any{id, now.UnixNano(), now.Add(lease).UnixNano(), cutoff}, &one)
	if err == nil {
		return store.Claim{Won: true}, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return store.Claim{}, fmt.Errorf("claim interaction %s: %w", id, err)
	}
	// Lost: read what the winner left, on the writer, which has seen its
	// latest commit.
	var c store.Claim
	var reply sql.NullString
	if err := db.writer.QueryRowContext(ctx, `SELECT done, reply FROM interactions WHERE id = ?`, id).
		Scan(&c.Done, &reply); err != nil {
		return store.Claim{}, fmt.Errorf("claim interaction %s: %w", id, err)
	}
	if reply.Valid {
		c.Reply = []byte(reply.String)
	}
	return c, nil
}

// HoldInteraction renews the lease of an unfinished claim, for a reply
// whose slow part (an LLM answer) runs on after the first response.
func (db *DB) HoldInteraction(ctx context.Context, id string, lease time.Duration) error {
	if err := db.autoExecFound(ctx, `UPDATE interactions SET lease_until = ? WHERE id = ? AND done = 0`,
		db.now().Add(lease).UnixNano(), id); err != nil {
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
	if err := db.autoExecFound(ctx, `UPDATE interactions SET done = 1, reply = ? WHERE id = ?`, r, id); err != nil {
		return fmt.Errorf("finish interaction %s: %w", id, err)
	}
	return nil
}
