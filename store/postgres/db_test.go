package postgres

import (
	"context"
	"errors"
	"io/fs"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"clubbot"
	"clubbot/store/migrate"
	"clubbot/store/pgtest"
)

// migrationCount is the number of embedded migration files.
func migrationCount(t *testing.T) int {
	t.Helper()
	files, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil || len(files) == 0 {
		t.Fatalf("migrations: %v (%d files)", err, len(files))
	}
	return len(files)
}

func TestOpenMigratesAnEmptyDatabase(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	v, err := db.SchemaVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := migrationCount(t); v != want {
		t.Fatalf("schema version %d, want %d (one per migration file)", v, want)
	}
	// Every table of the SQLite schema is here (member_days without ids).
	for _, table := range []string{"guild_settings", "members", "checkins", "member_days", "challenges",
		"participants", "posts", "faq_entries", "questions", "feedback", "fix_notices", "interactions", "breaks"} {
		var n int
		if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
			t.Errorf("table %s: %v", table, err)
		}
	}
	var triggers int
	if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM pg_trigger WHERE NOT tgisinternal").Scan(&triggers); err != nil {
		t.Fatal(err)
	}
	if triggers != 0 {
		t.Errorf("%d triggers: the store keeps the aggregates in Go", triggers)
	}
}

// TestReopenIsANoOp: a second Open applies nothing and records nothing.
func TestReopenIsANoOp(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	for i := range 2 {
		db, err := Open(ctx, url)
		if err != nil {
			t.Fatalf("open %d: %v", i+1, err)
		}
		var rows int
		if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM schema_migrations").Scan(&rows); err != nil {
			t.Fatal(err)
		}
		db.Close()
		if want := migrationCount(t); rows != want {
			t.Fatalf("open %d: %d rows in schema_migrations, want %d", i+1, rows, want)
		}
	}
}

// TestReplicasOpeningAtOnceMigrateOnce: replicas starting together on a new
// database all open it (the advisory lock queues them).
func TestReplicasOpeningAtOnceMigrateOnce(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	const replicas = 4
	var wg sync.WaitGroup
	errs := make([]error, replicas)
	dbs := make([]*DB, replicas)
	for i := range replicas {
		wg.Go(func() { dbs[i], errs[i] = Open(ctx, url) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("replica %d: %v", i, err)
			continue
		}
		v, err := dbs[i].SchemaVersion(ctx)
		dbs[i].Close()
		if err != nil || v != migrationCount(t) {
			t.Errorf("replica %d: schema version %d, %v", i, v, err)
		}
	}
}

// TestOpenConstraints: the keys and checks of the SQLite schema hold.
func TestOpenConstraints(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	// $2 is the day (migration 2 dropped the trigger-era week_start check).
	const insert = `INSERT INTO checkins (id, guild_id, user_id, day, minutes, interaction_id, source, entered_by, created_at)
		VALUES ($1, 'g', 'u', $2, $3, $4, $5, 'u', 1)`
	if _, err := db.pool.Exec(ctx, insert, 1, 20000, 30, nil, "post-1"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []any
	}{
		{"same id", []any{1, 20000, 30, nil, nil}},
		{"no minutes", []any{3, 20000, 0, nil, nil}},
		{"too many minutes", []any{5, 20000, 241, nil, nil}},
		{"same post twice", []any{4, 20000, 30, nil, "post-1"}},
	}
	for _, tt := range tests {
		if _, err := db.pool.Exec(ctx, insert, tt.args...); err == nil {
			t.Errorf("%s: inserted, want a constraint error", tt.name)
		}
	}
	if _, err := db.pool.Exec(ctx, insert, -1, 20000, 30, "x", nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, insert, -2, 20000, 30, "x", nil); err == nil {
		t.Error("the same non-snowflake interaction id recorded twice")
	}
	// A fix notice goes with its check-in.
	if _, err := db.pool.Exec(ctx, "INSERT INTO fix_notices (checkin_id, guild_id, user_id) VALUES (1, 'g', 'u')"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.pool.Exec(ctx, "DELETE FROM checkins WHERE id = 1"); err != nil {
		t.Fatal(err)
	}
	var notices int
	if err := db.pool.QueryRow(ctx, "SELECT count(*) FROM fix_notices").Scan(&notices); err != nil || notices != 0 {
		t.Fatalf("fix notices after deleting the check-in: %d, %v", notices, err)
	}
}

func TestOpenErrors(t *testing.T) {
	ctx := context.Background()
	if _, err := Open(ctx, ""); !errors.Is(err, clubbot.ErrInvalid) {
		t.Errorf("empty URL: %v, want ErrInvalid", err)
	}
	_, err := Open(ctx, "postgres://clubbot:SECRET@127.0.0.1:1/x?sslmode=disable&connect_timeout=2")
	if err == nil {
		t.Fatal("opened a database on a closed port")
	}
	if strings.Contains(err.Error(), "SECRET") {
		t.Errorf("error shows the password: %v", err)
	}
	if _, err := Open(ctx, "postgres://clubbot:SECRET@[::1"); err == nil || strings.Contains(err.Error(), "SECRET") {
		t.Errorf("unparsable URL: %v, want an error without the password", err)
	}
}

// migratedTo returns a connection to a new database on which only the
// first n migrations were applied, as an older clubbot left it.
func migratedTo(t *testing.T, n int) (*pgx.Conn, string) {
	t.Helper()
	ctx := context.Background()
	url := pgtest.URL(t)
	ms, err := migrate.Read(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(ctx) })
	if _, err := conn.Exec(ctx, `CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY,
		name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	for _, m := range ms[:n] {
		if _, err := conn.Exec(ctx, m.SQL); err != nil {
			t.Fatalf("%s: %v", m.Name, err)
		}
		if _, err := conn.Exec(ctx, `INSERT INTO schema_migrations VALUES ($1, $2, 0)`, m.Version, m.Name); err != nil {
			t.Fatal(err)
		}
	}
	return conn, url
}

// memberBeforeFreezes stores, at migration 2, a member u whose run of
// days checked-in days ends on last, with its day rows of 10 minutes.
func memberBeforeFreezes(t *testing.T, conn *pgx.Conn, last clubbot.Day, days int) {
	t.Helper()
	ctx := context.Background()
	first := last - clubbot.Day(days) + 1
	if _, err := conn.Exec(ctx, `INSERT INTO members (guild_id, user_id, joined_at, total_days, total_minutes,
		last_day, run_start, longest) VALUES ('g', 'u', 1, $3::bigint, $3::bigint * 10, $1, $2, $3::bigint)`,
		int64(last), int64(first), days); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `INSERT INTO member_days (guild_id, user_id, day, minutes, sessions)
		SELECT 'g', 'u', d, 10, 1 FROM generate_series($1::bigint, $2::bigint) d`, int64(first), int64(last)); err != nil {
		t.Fatal(err)
	}
}

// TestMigration3KeepsRuns: a members row from before freezes (migration 2)
// keeps its run through migration 3: run_days is the run's length, so the
// leaderboard's current streak is what it was.
func TestMigration3KeepsRuns(t *testing.T) {
	ctx := context.Background()
	conn, url := migratedTo(t, 2)
	today := clubbot.DayFromDate(2026, time.March, 11)
	memberBeforeFreezes(t, conn, today, 3)
	conn.Close(ctx)
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := db.Leaderboard(ctx, "g", clubbot.All, today, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Top) != 1 || b.Top[0].CurrentStreak != 3 {
		t.Errorf("after migration 3: board %+v, want u with a 3-day streak", b.Top)
	}
}

// TestMigration4CountsPastFreezes: a member from before freezes whose run
// earned two (14 days) and who missed yesterday keeps the streak on the
// board today: Open recomputes the rows migration 4 lists, so the freezes
// the run earned are held and one covers yesterday. Migration 3 alone left
// the row holding none, so the board read the streak as broken.
func TestMigration4CountsPastFreezes(t *testing.T) {
	ctx := context.Background()
	conn, url := migratedTo(t, 2)
	today := clubbot.DayFromDate(2026, time.March, 11)
	memberBeforeFreezes(t, conn, today-2, 14)
	conn.Close(ctx)
	db, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	b, err := db.Leaderboard(ctx, "g", clubbot.All, today, "u")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Top) != 1 || b.Top[0].CurrentStreak != 14 {
		t.Errorf("board %+v, want u with a 14-day streak (yesterday frozen)", b.Top)
	}
	var freezes, listed int
	if err := db.pool.QueryRow(ctx, `SELECT freezes, (SELECT count(*) FROM members_to_recompute)
		FROM members WHERE user_id = 'u'`).Scan(&freezes, &listed); err != nil {
		t.Fatal(err)
	}
	if freezes != 2 || listed != 0 {
		t.Errorf("stored freezes %d, %d still listed; want 2 and 0", freezes, listed)
	}
}
