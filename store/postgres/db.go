// Package postgres is clubbot's PostgreSQL store, for replicas and shards
// that share one database (CLUBBOT_DB=postgres://…). SQLite stays the
// embedded default. It implements bot.Store as store/sqlite does, with the
// same rules (package store's functions, called inside the writing
// transaction) and the same idempotency: unique indexes with ON CONFLICT
// for check-ins, claims and leases for posts and interactions, and a row
// lock on the member for the aggregates, so replicas can write at once.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"clubbot"
	"clubbot/store"
	"clubbot/store/migrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migrateLock is the advisory lock key migrations hold, so replicas that
// start at once apply them once ("clubbot" in ASCII).
const migrateLock int64 = 0x636c7562626f74

// DB is an open clubbot database on a PostgreSQL server. It is safe for
// concurrent use: every method takes a connection from the pool.
type DB struct {
	// ChallengeReads composes the challenge reads from this engine's rows.
	store.ChallengeReads

	// Now is the clock; tests replace it.
	Now func() time.Time

	pool   *pgxpool.Pool
	claims atomic.Int64 // interaction claims, for pruning
}

// Open connects to the PostgreSQL database at url (postgres://…) and
// applies the migrations it has not recorded yet.
func Open(ctx context.Context, url string) (*DB, error) {
	if url == "" {
		return nil, fmt.Errorf("open database: empty URL: %w", clubbot.ErrInvalid)
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// pgx's message repeats the URL, password and all.
		return nil, fmt.Errorf("open database: the URL does not parse as a PostgreSQL connection string: %w", clubbot.ErrInvalid)
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", cfg.ConnConfig.Host, err)
	}
	db := &DB{Now: time.Now, pool: pool}
	db.ChallengeReads = store.NewChallengeReads(db)
	if err := db.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open database %s/%s: %w", cfg.ConnConfig.Host, cfg.ConnConfig.Database, err)
	}
	return db, nil
}

// Close closes the pool, waiting for connections in use to be returned.
// It returns an error only to match the SQLite store.
func (db *DB) Close() error {
	db.pool.Close()
	return nil
}

// Ping checks the database answers (for /healthz).
func (db *DB) Ping(ctx context.Context) error {
	if err := db.pool.Ping(ctx); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	return nil
}

// migrate applies the migrations not yet recorded in schema_migrations in
// one transaction, under an advisory lock so that two processes opening a
// new database at once do not both apply them.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrate.Read(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, db.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", migrateLock); err != nil {
			return fmt.Errorf("lock for migrations: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT    NOT NULL,
			applied_at BIGINT  NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		rows, err := tx.Query(ctx, "SELECT version FROM schema_migrations")
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		versions, err := pgx.CollectRows(rows, pgx.RowTo[int])
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		applied := map[int]bool{}
		for _, v := range versions {
			applied[v] = true
		}
		for _, m := range ms {
			if applied[m.Version] {
				continue
			}
			// Exec with no arguments uses the simple protocol, which runs
			// a file of several statements.
			if _, err := tx.Exec(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.Name, err)
			}
			if _, err := tx.Exec(ctx,
				"INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
				m.Version, m.Name, db.now().UnixNano()); err != nil {
				return fmt.Errorf("record migration %s: %w", m.Name, err)
			}
		}
		return fixStale(ctx, tx)
	})
}

// fixStale recomputes the member rows listed in members_to_recompute
// (migration 4: rows from before freezes, which hold none of the freezes
// they earned) and empties the list. It runs in the migrations'
// transaction, under their lock, so one replica does it and the others
// open on the rows it left; with the list empty it is one read.
func fixStale(ctx context.Context, tx pgx.Tx) error {
	type member struct{ guild, user string }
	var stale []member
	err := eachRow(ctx, tx, func(s scanner) error {
		var m member
		err := s.Scan(&m.guild, &m.user)
		stale = append(stale, m)
		return err
	}, `SELECT m.guild_id, m.user_id FROM members_to_recompute q
		JOIN members m ON m.guild_id = q.guild_id AND m.user_id = q.user_id
		ORDER BY m.guild_id, m.user_id FOR UPDATE OF m`)
	if err != nil {
		return fmt.Errorf("members to recompute: %w", err)
	}
	for _, m := range stale {
		if _, err := recomputeMember(ctx, tx, m.guild, m.user); err != nil {
			return fmt.Errorf("recompute %s in %s: %w", m.user, m.guild, err)
		}
	}
	// Rows of members deleted since they were listed go too.
	if _, err := tx.Exec(ctx, `DELETE FROM members_to_recompute`); err != nil {
		return fmt.Errorf("empty members_to_recompute: %w", err)
	}
	return nil
}

// SchemaVersion returns the highest migration version applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.pool.QueryRow(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// now reads the clock.
func (db *DB) now() time.Time {
	if db.Now != nil {
		return db.Now()
	}
	return time.Now()
}
