package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"clubbot"
	"clubbot/store"
)

// querier is a transaction or the pool.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// scanner is a pgx.Row or pgx.Rows.
type scanner = store.Scanner

// eachRow runs query and calls fn for every row, stopping at fn's first
// error.
func eachRow(ctx context.Context, q querier, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.EachRow(rows, fn)
}

// execChanged runs one statement and reports whether it changed a row.
func execChanged(ctx context.Context, q querier, query string, args ...any) (bool, error) {
	tag, err := q.Exec(ctx, query, args...)
	if err != nil {
		return false, err
	}
	return tag.RowsAffected() > 0, nil
}

// execFound runs one statement and returns clubbot.ErrNotFound when it
// changed no row: the delete or update of a row the caller named.
func execFound(ctx context.Context, q querier, query string, args ...any) error {
	changed, err := execChanged(ctx, q, query, args...)
	if err == nil && !changed {
		return clubbot.ErrNotFound
	}
	return err
}

// maxAttempts bounds the retries of a transaction PostgreSQL aborted.
const maxAttempts = 10

// write runs fn in one transaction, committing when it returns nil. A
// transaction PostgreSQL aborted for a deadlock or a serialization
// failure (two writers on one member, in opposite orders) runs again, so
// concurrent writers do not see those errors; fn must start from scratch
// each time it is called.
func (db *DB) write(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for range maxAttempts {
		err = pgx.BeginFunc(ctx, db.pool, fn)
		if !retryable(err) {
			return err
		}
	}
	return fmt.Errorf("after %d attempts: %w", maxAttempts, err)
}

// retryable reports whether err is a transaction PostgreSQL aborted that
// can run again: serialization_failure or deadlock_detected.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}
