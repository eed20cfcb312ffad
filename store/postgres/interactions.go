package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store"
)

// ClaimInteraction claims interaction id for lease before its handler
// runs. Of any number of attempts, in any replicas, exactly one wins until
// the claim is finished or its lease runs out: the upsert's WHERE is
// evaluated on the row as the previous winner committed it. A row older
// than ReplayWindow counts as no claim.
func (db *DB) ClaimInteraction(ctx context.Context, id string, lease time.Duration) (store.Claim, error) {
	if id == "" || lease <= 0 {
		return store.Claim{}, fmt.Errorf("claim interaction: empty id or lease: %w", clubbot.ErrInvalid)
	}
	now := db.now()
	cutoff := now.Add(-store.ReplayWindow).UnixNano()
	if db.claims.Add(1)%store.PruneEvery == 1 {
		if _, err := db.pool.Exec(ctx, `DELETE FROM interactions WHERE first_at < $1`, cutoff); err != nil {
			return store.Claim{}, fmt.Errorf("claim interaction %s: prune: %w", id, err)
		}
	}
	won, err := execChanged(ctx, db.pool, `INSERT INTO interactions (id, first_at, lease_until) VALUES ($1, $2, $3)
		ON CONFLICT (id) DO UPDATE SET first_at = excluded.first_at, lease_until = excluded.lease_until,
			done = false, reply = NULL
		WHERE interactions.first_at < $4 OR (NOT interactions.done AND interactions.lease_until <= $2)`,
		id, now.UnixNano(), now.Add(lease).UnixNano(), cutoff)
	if err != nil {
		return store.Claim{}, fmt.Errorf("claim interaction %s: %w", id, err)
	}
	if won {
		return store.Claim{Won: true}, nil
	}
	var c store.Claim
	var reply *string
	err = db.pool.QueryRow(ctx, `SELECT done, reply FROM interactions WHERE id = $1`, id).Scan(&c.Done, &reply)
	if errors.Is(err, pgx.ErrNoRows) {
		// Pruned between the two statements: as good as lost.
		return store.Claim{}, nil
	}
	if err != nil {
		return store.Claim{}, fmt.Errorf("claim interaction %s: %w", id, err)
	}
	if reply != nil {
		c.Reply = []byte(*reply)
	}
	return c, nil
}

// HoldInteraction renews the lease of an unfinished claim, for a reply
// whose slow part (an LLM answer) runs on after the first response.
func (db *DB) HoldInteraction(ctx context.Context, id string, lease time.Duration) error {
	if err := execFound(ctx, db.pool, `UPDATE interactions SET lease_until = $1 WHERE id = $2 AND NOT done`,
		db.now().Add(lease).UnixNano(), id); err != nil {
		return fmt.Errorf("hold interaction %s: %w", id, err)
	}
	return nil
}

// FinishInteraction marks the interaction handled, keeping reply (JSON;
// nil when the reply could not be kept) for a repeat to get.
func (db *DB) FinishInteraction(ctx context.Context, id string, reply []byte) error {
	var r *string
	if reply != nil {
		s := string(reply)
		r = &s
	}
	if err := execFound(ctx, db.pool, `UPDATE interactions SET done = true, reply = $1 WHERE id = $2`, r, id); err != nil {
		return fmt.Errorf("finish interaction %s: %w", id, err)
	}
	return nil
}
