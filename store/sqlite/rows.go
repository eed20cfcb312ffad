package sqlite

import (
	"context"
	"database/sql"

	"clubbot/store"
)

// rowsQuerier is a transaction or a pool, for queries of many rows.
type rowsQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// eachRow runs query and calls fn for every row, stopping at fn's first
// error.
func eachRow(ctx context.Context, q rowsQuerier, fn func(scanner) error, query string, args ...any) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return store.EachRow(rows, fn)
}

// column runs a query of one column and returns its values.
func column[T any](ctx context.Context, q rowsQuerier, query string, args ...any) ([]T, error) {
	var out []T
	err := eachRow(ctx, q, store.AppendTo(&out, store.ScanValue[T]), query, args...)
	return out, err
}
