package loadtest

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clubbot"
)

// fillYear gives every member of w about 330 days of check-ins over the
// last 365 days (some days twice), like a year of a busy club, written in
// one transaction through the schema's own triggers so the aggregates are
// what RecordCheckIn would have left. The store keeps no bulk-import API, so
// this mirrors the store's benchmark fixture (store/bench_test.go) with the
// fake Discord's guild and member ids.
func fillYear(tb testing.TB, w *world, path string) int {
	tb.Helper()
	prepareDB(tb, w, path) // the schema, and the club's settings
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL&_synchronous=OFF&_foreign_keys=on")
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	ctx := context.Background()
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		tb.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec(`CREATE TEMP TABLE fixture_users (n INTEGER PRIMARY KEY, id TEXT NOT NULL)`); err != nil {
		tb.Fatal(err)
	}
	ins, err := tx.Prepare(`INSERT INTO fixture_users (n, id) VALUES (?, ?)`)
	if err != nil {
		tb.Fatal(err)
	}
	for n, m := range w.members {
		if _, err := ins.Exec(n, m.User.ID); err != nil {
			tb.Fatal(err)
		}
	}
	today := clubbot.DayOf(time.Now(), time.UTC)
	_, err = tx.Exec(`WITH RECURSIVE
		d(day) AS (SELECT ?1 UNION ALL SELECT day + 1 FROM d WHERE day < ?2),
		s(k) AS (VALUES (0), (1))
		INSERT INTO checkins (id, guild_id, user_id, day, week_start, month_start, minutes, timing, tool,
			entered_by, created_at)
		SELECT -1 - ((day * 100000 + n) * 2 + k), ?3, u.id, day, day - (day % 7 + 10) % 7,
			CAST(julianday(day * 86400, 'unixepoch', 'start of month') - 2440587.5 AS INTEGER),
			5 + (n * 7 + day * 13 + k * 5) % 26, 'post-run', 'roller', u.id, (day * 86400 + n) * 1000000000
		FROM d CROSS JOIN fixture_users u CROSS JOIN s
		WHERE (n * 31 + day * 17) % 10 <> 0 AND (k = 0 OR (n + day) % 10 = 0)`,
		int64(today-364), int64(today), w.guild)
	if err != nil {
		tb.Fatalf("fill a year of check-ins (does the schema still match store's?): %v", err)
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	var rows int
	if err := db.QueryRow(`SELECT count(*) FROM checkins`).Scan(&rows); err != nil {
		tb.Fatal(err)
	}
	if _, err := db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		tb.Fatal(err)
	}
	return rows
}

// BenchmarkMemory10k is SPEC 8's memory figure: `clubbot run` on a database
// of 10,000 members x 365 days, under the 200/s load (leaderboards over the
// whole year included), with its peak resident memory reported (target
// < 60 MB). Building the year of check-ins takes a minute or two.
//
//	go test -tags sqlite_fts5 -run '^$' -bench Memory10k -benchtime 1x -v ./loadtest
func BenchmarkMemory10k(b *testing.B) {
	for range b.N {
		w := newWorld(b, 10000)
		dbPath := filepath.Join(b.TempDir(), "year.db")
		start := time.Now()
		rows := fillYear(b, w, dbPath)
		b.Logf("fixture: %d members, %d check-ins over 365 days, built in %s", len(w.members), rows, time.Since(start).Round(time.Second))
		run := measureLoad(b, w, dbPath, 200, loadSeconds(b))
		b.Log(run)
		fmt.Println(strings.Replace(run.String(), "LOAD", "LOAD-10K", 1))
		reportRun(b, run)
	}
}
