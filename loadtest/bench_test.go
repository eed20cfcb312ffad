package loadtest

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/store/sqlite"
)

// fillYear gives every member of w about 330 days of check-ins over the
// last 365 days (some days twice), like a year of a busy club, with the
// store's bulk fixture builder (sqlite.DB.SeedHistory: RecordCheckIn's own
// insert and aggregates, in one transaction).
func fillYear(tb testing.TB, w *world, path string) int {
	tb.Helper()
	prepareDB(tb, w, path) // the schema, and the club's settings
	ctx := context.Background()
	db, err := sqlite.Open(ctx, path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	users := make([]string, len(w.members))
	for n, m := range w.members {
		users[n] = m.User.ID
	}
	if err := db.SeedHistory(ctx, w.guild, users, 365, clubbot.DayOf(time.Now(), time.UTC)); err != nil {
		tb.Fatalf("fill a year of check-ins: %v", err)
	}
	rows := 0
	for _, u := range users {
		st, err := db.Stats(ctx, w.guild, u, 0)
		if err != nil {
			tb.Fatal(err)
		}
		rows += st.TotalDays
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
		days := fillYear(b, w, dbPath)
		b.Logf("fixture: %d members, %d member-days of check-ins over 365 days, built in %s", len(w.members), days, time.Since(start).Round(time.Second))
		run := measureLoad(b, w, dbPath, 200, loadSeconds(b))
		b.Log(run)
		fmt.Println(strings.Replace(run.String(), "LOAD", "LOAD-10K", 1))
		reportRun(b, run)
	}
}
