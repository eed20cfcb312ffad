package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/mattn/go-sqlite3"

	"clubbot"
	"clubbot/store"
	"clubbot/store/migrate"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// DB is an open clubbot database. It is safe for concurrent use.
//
// Writes go through one connection (SetMaxOpenConns(1)) that begins every
// transaction with BEGIN IMMEDIATE, so writers in this process queue in
// database/sql instead of racing for SQLite's write lock, and a writer in
// another process is waited for by busy_timeout. Reads use a separate
// query_only pool that WAL lets run beside the writer.
type DB struct {
	// ChallengeReads composes the challenge reads from this engine's rows.
	store.ChallengeReads

	// Now is the clock; tests replace it.
	Now func() time.Time

	path   string
	writer *sql.DB
	reader *sql.DB
	// maint is one plain connection for checkpoints and backups.
	maint *sql.DB

	commits atomic.Int64
	claims  atomic.Int64 // interaction claims, for pruning
	// fault is the storage error of the latest write that failed with
	// one, nil once a write that changed rows commits again: Ping reports
	// it, so /healthz is unhealthy while writes fail (a full disk) and
	// healthy when they work.
	fault   atomic.Pointer[writeFault]
	kick    chan struct{} // wakes the checkpointer
	stop    chan struct{}
	stopped chan struct{}
}

// Checkpoints run on their own connection, not in the commit that crosses
// SQLite's auto-checkpoint threshold: a checkpoint fsyncs twice, which on a
// small VM costs milliseconds, and a check-in writes three or four WAL
// frames, so inline checkpoints would cost more than the check-in itself.
const (
	// checkpointEvery commits (about a thousand frames) wake the checkpointer.
	checkpointEvery = 256
	// walRestartFrames: past this many WAL frames (64 MB) a PASSIVE
	// checkpoint is followed by a RESTART one, which waits for the writer
	// for a moment so the next transaction starts the WAL file over instead
	// of growing it.
	walRestartFrames = 16384
)

// busyTimeout is how long a connection waits for another process's lock.
const busyTimeout = 10 * time.Second

// readConns is the size of the read pool.
const readConns = 4

// connector opens go-sqlite3 connections without registering a driver
// name globally.
type connector struct {
	dsn    string
	driver *sqlite3.SQLiteDriver
}

func (c connector) Connect(context.Context) (driver.Conn, error) { return c.driver.Open(c.dsn) }
func (c connector) Driver() driver.Driver                        { return c.driver }

// writerHook turns off SQLite's inline auto-checkpoint on the writer; the
// checkpointer goroutine does it instead.
func writerHook(conn *sqlite3.SQLiteConn) error {
	if _, err := conn.Exec("PRAGMA wal_autocheckpoint = 0", nil); err != nil {
		return fmt.Errorf("writer pragmas: %w", err)
	}
	return nil
}

// connMode is what a pool's connections are for.
type connMode int

const (
	writeConn connMode = iota // the one writer: WAL, BEGIN IMMEDIATE
	readConn                  // the read pool: query_only
	maintConn                 // checkpoints and backups
)

// dsn builds a go-sqlite3 data source name for path with the pragmas every
// clubbot connection uses. The statement cache keeps hot statements (a
// check-in's reads and writes) compiled per connection. Each
// reader's page cache is 512 KB, not SQLite's 2 MB: the operating system
// caches the file anyway, and four full 2 MB caches were 8 MB of the
// 10,000-member test's resident memory (peak 57-59 MB with them, 49 MB
// without), leaderboard times unchanged.
func dsn(path string, mode connMode) string {
	q := url.Values{}
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_stmt_cache_size", "64")
	switch mode {
	case writeConn:
		q.Set("_journal_mode", "WAL")
		q.Set("_txlock", "immediate")
	case readConn:
		q.Set("_query_only", "on")
		q.Set("_cache_size", "-512")
	}
	return "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed) the SQLite file at path and applies
// migrations.
func Open(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, fmt.Errorf("open database: empty path: %w", clubbot.ErrInvalid)
	}
	writer := sql.OpenDB(connector{dsn: dsn(path, writeConn), driver: &sqlite3.SQLiteDriver{ConnectHook: writerHook}})
	writer.SetMaxOpenConns(1)
	writer.SetMaxIdleConns(1)
	writer.SetConnMaxLifetime(0)
	writer.SetConnMaxIdleTime(0)
	db := &DB{Now: time.Now, path: path, writer: writer}
	db.ChallengeReads = store.NewChallengeReads(db)
	err := db.migrate(ctx)
	if err == nil {
		err = db.fixStale(ctx)
	}
	if err != nil {
		writer.Close()
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.reader = sql.OpenDB(connector{dsn: dsn(path, readConn), driver: &sqlite3.SQLiteDriver{}})
	db.reader.SetMaxOpenConns(readConns)
	db.reader.SetMaxIdleConns(readConns)
	// A plain (not query_only) connection: checkpoints and VACUUM INTO write.
	db.maint = sql.OpenDB(connector{dsn: dsn(path, maintConn), driver: &sqlite3.SQLiteDriver{}})
	db.maint.SetMaxOpenConns(1)
	for _, pool := range []*sql.DB{db.reader, db.maint} {
		if err := pool.PingContext(ctx); err != nil {
			db.reader.Close()
			db.maint.Close()
			writer.Close()
			return nil, fmt.Errorf("open database %s: %w", path, err)
		}
	}
	db.kick = make(chan struct{}, 1)
	db.stop = make(chan struct{})
	db.stopped = make(chan struct{})
	go db.checkpointer()
	return db, nil
}

// checkpointer copies the WAL back into the database file every
// checkpointEvery commits and every quarter second. PASSIVE checkpoints
// run beside the writer and readers; once the WAL is past
// walRestartFrames, a RESTART checkpoint lets the next write reuse the file.
func (db *DB) checkpointer() {
	defer close(db.stopped)
	t := time.NewTicker(250 * time.Millisecond)
	defer t.Stop()
	for {
		select {
		case <-db.stop:
			return
		case <-t.C:
		case <-db.kick:
		}
		var busy, frames, done int
		err := db.maint.QueryRow("PRAGMA wal_checkpoint(PASSIVE)").Scan(&busy, &frames, &done)
		if err == nil && frames > walRestartFrames {
			err = db.maint.QueryRow("PRAGMA wal_checkpoint(RESTART)").Scan(&busy, &frames, &done)
		}
		if err != nil {
			slog.Warn("store: checkpoint", "err", err)
		}
	}
}

// Close closes the database.
func (db *DB) Close() error {
	var errs []error
	if db.stop != nil {
		close(db.stop)
		<-db.stopped
		db.stop = nil
	}
	if db.reader != nil {
		errs = append(errs, db.reader.Close())
	}
	if db.maint != nil {
		errs = append(errs, db.maint.Close())
	}
	if db.writer != nil {
		// Fold the WAL back into the main file so a copied .db is complete.
		db.writer.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		errs = append(errs, db.writer.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("close database: %w", err)
	}
	return nil
}

// Ping checks the database answers and that the latest write did not fail
// for want of storage (for /healthz). A failed write keeps Ping failing
// until a write commits again; every interaction's claim is a write, so
// traffic re-tests it.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	if err := db.reader.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("ping database: %w", err)
	}
	if f := db.fault.Load(); f != nil {
		return fmt.Errorf("ping database: a write failed at %s: %w", f.at.UTC().Format(time.RFC3339), f.err)
	}
	return nil
}

// Backup writes an online, consistent copy of the database to dest. It copies
// one read snapshot with VACUUM INTO, so check-ins go on meanwhile, into a
// new temporary file beside dest (os.CreateTemp: never one that exists), and
// puts it in place only once it is complete. An existing dest is replaced
// only when replace is set; otherwise the copy is hard-linked into place,
// which fails if a file of that name exists, even one created meanwhile.
func (db *DB) Backup(ctx context.Context, dest string, replace bool) error {
	if dest == "" {
		return fmt.Errorf("backup: empty destination: %w", clubbot.ErrInvalid)
	}
	f, err := os.CreateTemp(filepath.Dir(dest), "."+filepath.Base(dest)+".*.tmp")
	if err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	tmp := f.Name()
	defer os.Remove(tmp) // gone after the rename or link; on failure, a partial copy
	if err := f.Close(); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	// VACUUM INTO takes an empty existing file.
	if _, err := db.maint.ExecContext(ctx, "VACUUM INTO ?", tmp); err != nil {
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	if replace {
		err = os.Rename(tmp, dest)
	} else {
		err = os.Link(tmp, dest)
	}
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("backup to %s: it already exists: %w", dest, err)
		}
		return fmt.Errorf("backup to %s: %w", dest, err)
	}
	return nil
}

// migrate applies the migrations not yet recorded in schema_migrations, all
// in one immediate transaction so two processes opening a new file at once
// cannot both apply them.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrate.Read(migrationFiles, "migrations")
	if err != nil {
		return err
	}
	return db.write(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			version    INTEGER PRIMARY KEY,
			name       TEXT    NOT NULL,
			applied_at INTEGER NOT NULL)`); err != nil {
			return fmt.Errorf("create schema_migrations: %w", err)
		}
		applied := map[int]bool{}
		rows, err := tx.QueryContext(ctx, "SELECT version FROM schema_migrations")
		if err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		for rows.Next() {
			var v int
			if err := rows.Scan(&v); err != nil {
				rows.Close()
				return fmt.Errorf("read schema_migrations: %w", err)
			}
			applied[v] = true
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("read schema_migrations: %w", err)
		}
		for _, m := range ms {
			if applied[m.Version] {
				continue
			}
			if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
				return fmt.Errorf("apply migration %s: %w", m.Name, err)
			}
			if _, err := tx.ExecContext(ctx,
				"INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
				m.Version, m.Name, db.now().UnixNano()); err != nil {
				return fmt.Errorf("record migration %s: %w", m.Name, err)
			}
		}
		return nil
	})
}

// SchemaVersion returns the highest migration version applied.
func (db *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := db.reader.QueryRowContext(ctx, "SELECT coalesce(max(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("schema version: %w", err)
	}
	return v, nil
}

// write runs fn in one immediate transaction on the writer connection,
// committing when fn returns nil. Every write goes through here, so every
// write's COMMIT error reaches its caller, and the outcome feeds Ping.
func (db *DB) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.writer.BeginTx(ctx, nil)
	if err != nil {
		err = fmt.Errorf("begin: %w", err)
		db.noteFault(ctx, err, true)
		return err
	}
	// While a fault stands, only a commit that changed rows clears it: one
	// that changed nothing (a claim already taken) writes no page.
	faulty := db.fault.Load() != nil
	var before, after int64
	if faulty {
		before, err = totalChanges(ctx, tx)
	}
	if err == nil {
		err = fn(tx)
	}
	if err == nil && faulty {
		after, err = totalChanges(ctx, tx)
	}
	if err != nil {
		tx.Rollback()
		db.noteFault(ctx, err, false)
		return err
	}
	if err := tx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
		db.noteFault(ctx, err, true)
		return err
	}
	db.wrote(after != before || !faulty)
	return nil
}

// totalChanges is the rows the writer connection has changed so far.
func totalChanges(ctx context.Context, tx *sql.Tx) (int64, error) {
	var n int64
	err := tx.QueryRowContext(ctx, "SELECT total_changes()").Scan(&n)
	return n, err
}

// wrote notes a commit; changed: it wrote rows, which proves writes work
// again after a fault.
func (db *DB) wrote(changed bool) {
	if changed {
		db.fault.Store(nil)
	}
	db.committed()
}

// writeFault is a write that failed for want of storage, for Ping.
type writeFault struct {
	err error
	at  time.Time
}

// noteFault records err as the latest write fault when it is one: any
// failed BEGIN or COMMIT (txn) not caused by ctx ending, or a statement
// failing with a storage error. A refused statement (a constraint, a row
// not found) says nothing about the disk and leaves the state as it was.
func (db *DB) noteFault(ctx context.Context, err error, txn bool) {
	if ctx.Err() != nil {
		return
	}
	if txn || storageError(err) {
		db.fault.Store(&writeFault{err: err, at: db.now()})
	}
}

// storageError reports whether err is SQLite failing to read or write its
// files: full, I/O error, corrupt, read-only or unopenable.
func storageError(err error) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code {
	case sqlite3.ErrFull, sqlite3.ErrIoErr, sqlite3.ErrCorrupt, sqlite3.ErrCantOpen,
		sqlite3.ErrNotADB, sqlite3.ErrReadonly, sqlite3.ErrNoLFS:
		return true
	}
	return false
}

// autocommit runs one writing statement with a RETURNING clause in
// autocommit mode on the writer: its own transaction, which commits when
// the statement finishes. It reads the first row into dest (sql.ErrNoRows
// when none came back) and steps on to the end, so that the commit happens
// in a step whose error is reported: read with QueryRow, the commit would
// happen at the statement's reset, and go-sqlite3's statement cache drops an
// error there (a full disk then "stored" rows that were never written).
func (db *DB) autocommit(ctx context.Context, query string, args []any, dest ...any) error {
	err := func() error {
		rows, err := db.writer.QueryContext(ctx, query, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		found := false
		for rows.Next() {
			if !found {
				if err := rows.Scan(dest...); err != nil {
					return err
				}
			}
			found = true
		}
		if err := rows.Err(); err != nil {
			return err
		}
		if err := rows.Close(); err != nil {
			return err
		}
		if !found {
			return sql.ErrNoRows
		}
		return nil
	}()
	switch {
	case err == nil:
		db.wrote(true) // a row came back: it was written
	case !errors.Is(err, sql.ErrNoRows):
		db.noteFault(ctx, err, false)
	}
	return err
}

// autoExec runs one writing statement in autocommit mode on the writer. Exec
// steps it to the end, so a failed commit is its error.
func (db *DB) autoExec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	r, err := db.writer.ExecContext(ctx, query, args...)
	if err != nil {
		db.noteFault(ctx, err, false)
		return nil, err
	}
	n, err := r.RowsAffected()
	db.wrote(err == nil && n > 0)
	return r, nil
}

// autoExecFound is autoExec returning clubbot.ErrNotFound when the statement
// changed no row.
func (db *DB) autoExecFound(ctx context.Context, query string, args ...any) error {
	r, err := db.autoExec(ctx, query, args...)
	if err != nil {
		return err
	}
	if n, err := r.RowsAffected(); err != nil || n == 0 {
		return errors.Join(clubbot.ErrNotFound, err)
	}
	return nil
}

// execChanged runs one statement in tx and reports whether it changed a
// row: for the statements on one row by its key that claims and deletes
// are made of.
func execChanged(ctx context.Context, tx *sql.Tx, query string, args ...any) (bool, error) {
	r, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := r.RowsAffected()
	return n > 0, err
}

// execFound runs one statement in tx and returns clubbot.ErrNotFound when
// it changed no row: the delete or update of a row the caller named.
func execFound(ctx context.Context, tx *sql.Tx, query string, args ...any) error {
	changed, err := execChanged(ctx, tx, query, args...)
	if err == nil && !changed {
		return clubbot.ErrNotFound
	}
	return err
}

// committed counts a commit and wakes the checkpointer every
// checkpointEvery commits.
func (db *DB) committed() {
	if db.commits.Add(1)%checkpointEvery == 0 && db.kick != nil {
		select {
		case db.kick <- struct{}{}:
		default:
		}
	}
}

// fixStale recomputes the member rows migration 5 listed in
// members_to_recompute (left stale by an older clubbot) and empties the list.
func (db *DB) fixStale(ctx context.Context) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		type member struct{ guild, user string }
		var stale []member
		err := eachRow(ctx, tx, func(s scanner) error {
			var m member
			err := s.Scan(&m.guild, &m.user)
			stale = append(stale, m)
			return err
		}, `SELECT guild_id, user_id FROM members_to_recompute`)
		if err != nil || len(stale) == 0 {
			return err
		}
		for _, m := range stale {
			if _, err := recomputeMember(ctx, tx, m.guild, m.user); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM members_to_recompute`)
		return err
	})
}

// now reads the clock.
func (db *DB) now() time.Time {
	if db.Now != nil {
		return db.Now()
	}
	return time.Now()
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
