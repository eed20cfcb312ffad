package sqlite

import (
	"clubbot/store"
	"clubbot/store/migrate"
	"clubbot/store/storetest"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"clubbot"
)

// testDay is "today" in the tests: Wednesday 2026-03-11.
var testDay = clubbot.DayFromDate(2026, time.March, 11)

// openAgain opens a second handle on path, as a second process would; the
// test's cleanup closes it.
func openAgain(t *testing.T, path string) *DB {
	t.Helper()
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s again: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func openTest(t *testing.T) (*DB, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "clubbot.db")
	db, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = storetest.NewClock().Now
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db, path
}

// nextID returns a fresh snowflake-like interaction id (the suite's, so
// ids never repeat between the suite and these tests).
func nextID() string { return storetest.NextID() }

// checkIn records minutes for user on day as a fresh interaction.
func checkIn(t *testing.T, db *DB, user string, day clubbot.Day, minutes int) clubbot.CheckInResult {
	t.Helper()
	return storetest.CheckIn(t, db, user, day, minutes)
}

func TestMigrationsFromEmptyAndReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	ms, err := migrate.Read(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	want := ms[len(ms)-1].Version
	if v, err := db.SchemaVersion(ctx); err != nil || v != want {
		t.Fatalf("version %d, %v; want %d", v, err, want)
	}
	checkIn(t, db, "u1", testDay, 10)
	// A second handle on the same file applies nothing twice and keeps data.
	db2, err := Open(ctx, path)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	defer db2.Close()
	var rows int
	if err := db2.reader.QueryRow(`SELECT count(*) FROM schema_migrations`).Scan(&rows); err != nil || rows != len(ms) {
		t.Fatalf("schema_migrations rows %d, %v; want %d", rows, err, len(ms))
	}
	st, err := db2.Stats(ctx, "g", "u1", testDay)
	if err != nil || st.TotalDays != 1 {
		t.Fatalf("stats after reopen: %+v, %v", st, err)
	}
}

// TestNoTriggers: the rules live in the root package, which the store
// calls; after the migrations no trigger copies them into SQL.
func TestNoTriggers(t *testing.T) {
	db, _ := openTest(t)
	names, err := column[string](context.Background(), db.reader, `SELECT name FROM sqlite_master WHERE type = 'trigger'`)
	if err != nil || len(names) != 0 {
		t.Fatalf("triggers %q (%v), want none", names, err)
	}
}

func TestMigrationFilesAreNumbered(t *testing.T) {
	ms, err := migrate.Read(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.Version != i+1 {
			t.Errorf("migration %s has version %d, want %d (no gaps)", m.Name, m.Version, i+1)
		}
	}
}

// TestProgressMatchesDomain checks the progress the store reads (ProgressOf
// over the participant row's qualified flags) against clubbot.ChallengeProgress on random data.
func TestProgressMatchesDomain(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for i := 0; i < 2000; i++ {
		c := clubbot.Challenge{Start: 100, Days: 1 + rng.Intn(40), DailyMinutes: 1 + rng.Intn(20), GraceDays: rng.Intn(3)}
		joined := c.Start - 3 + clubbot.Day(rng.Intn(c.Days+3))
		today := c.Start - 2 + clubbot.Day(rng.Intn(c.Days+6))
		// What a participant row keeps: days from the member's first day
		// to the end. Days after today are left out here.
		first := max(c.Start, joined)
		minutes := map[clubbot.Day]int{}
		q := []byte(strings.Repeat("0", c.Days))
		total := 0
		for d := c.Start - 5; d <= today; d++ {
			if rng.Intn(3) > 0 {
				m := rng.Intn(30)
				minutes[d] = m
				if d >= first && d <= c.End() {
					total += m
					if m >= c.DailyMinutes {
						q[d-c.Start] = '1'
					}
				}
			}
		}
		got := clubbot.ProgressOf(c, joined, store.FlagOn(c.Start, string(q)), total, today)
		want := clubbot.ChallengeProgress(c, joined, minutes, today)
		if got != want {
			t.Fatalf("case %d %+v joined %d today %d: %+v, want %+v", i, c, joined, today, got, want)
		}
	}
}

func TestBackup(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	checkIn(t, db, "u", testDay, 25)
	dest := filepath.Join(t.TempDir(), "backup.db")
	if err := db.Backup(ctx, dest, false); err != nil {
		t.Fatal(err)
	}
	checkIn(t, db, "u", testDay, 5)                    // after the backup: not in it
	if err := db.Backup(ctx, dest, true); err != nil { // overwrites an older backup
		t.Fatal(err)
	}
	if _, err := os.Stat(dest + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary file left: %v", err)
	}
	b, err := Open(ctx, dest)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	st, err := b.Stats(ctx, "g", "u", testDay)
	if err != nil || st.TotalMinutes != 30 {
		t.Fatalf("backup stats %+v %v", st, err)
	}
	var check string
	if err := b.reader.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity %q %v", check, err)
	}
}

var _ = sql.ErrNoRows

// TestOutOfOrderToday covers today's fast path landing before the member's
// latest day (their zone moved back), and a stale row left by a crash.
func TestOutOfOrderToday(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	checkIn(t, db, "u", testDay-1, 10)
	checkIn(t, db, "u", testDay+1, 10) // recorded while their zone was ahead
	r, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", Day: testDay, Minutes: 10,
		InteractionID: nextID()}, testDay)
	if err != nil {
		t.Fatal(err)
	}
	// clubbot.Streaks: a last day after today (the member's zone was
	// ahead) keeps the streak alive. The store's own copy of the rule
	// (streakOf) said 0 here.
	if want := clubbot.Streaks([]clubbot.Day{testDay - 1, testDay, testDay + 1}, testDay); r.Streak != want || want.Current != 3 {
		t.Errorf("streak %+v, want %+v", r.Streak, want)
	}
	if st, _ := db.Stats(ctx, "g", "u", testDay+1); st.Streak.Current != 3 || st.TotalDays != 3 {
		t.Errorf("stats %+v", st)
	}
	// An older clubbot's crash between a check-in and its recomputation
	// left the row stale with wrong totals (migration 5 lists it); Open
	// repairs it.
	if _, err := db.writer.Exec(`UPDATE members SET total_days = 99, run_start = 0 WHERE user_id = 'u';
		INSERT INTO members_to_recompute VALUES ('g', 'u')`); err != nil {
		t.Fatal(err)
	}
	db2 := openAgain(t, path)
	if st, _ := db2.Stats(ctx, "g", "u", testDay+1); st.Streak.Current != 3 || st.TotalDays != 3 {
		t.Errorf("after reopen %+v", st)
	}
}

// TestSeedHistoryMatchesRecordCheckIn: the bulk fixture leaves what
// recording its check-ins one by one leaves: totals, streaks, calendars,
// boards and challenge progress (storetest.SeedMatchesRecorded, which
// store/postgres's fixture passes too).
func TestSeedHistoryMatchesRecordCheckIn(t *testing.T) {
	seeded, _ := openTest(t)
	recorded, _ := openTest(t)
	storetest.SeedMatchesRecorded(t, seeded, recorded)
}

// TestFullDiskConfirmsOnlyStored fills the database two ways while members
// check in: SQLite's page limit (PRAGMA max_page_count on the writer) and
// the process's file size limit (RLIMIT_FSIZE: writes past it fail with
// EFBIG, as on a full disk; the WAL frames of a commit are written at
// COMMIT, which is where a full disk shows). Every check-in RecordCheckIn
// confirmed must be in the file after reopening, every refused one must
// not be, Ping must fail while writes fail, and once the limit is lifted
// writes must work and Ping pass again.
func TestFullDiskConfirmsOnlyStored(t *testing.T) {
	type fault struct {
		name string
		// apply starts the fault on db at path; lift ends it.
		apply, lift func(t *testing.T, db *DB, path string)
	}
	var saved syscall.Rlimit
	faults := []fault{{
		name: "page limit",
		apply: func(t *testing.T, db *DB, _ string) {
			var pages int
			if err := db.writer.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
				t.Fatal(err)
			}
			setMaxPages(t, db, pages+2)
		},
		lift: func(t *testing.T, db *DB, _ string) { setMaxPages(t, db, 1<<30) },
	}, {
		name: "file size limit",
		apply: func(t *testing.T, db *DB, path string) {
			if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
				t.Fatal(err)
			}
			var limit int64
			for _, p := range []string{path, path + "-wal"} {
				if fi, err := os.Stat(p); err == nil {
					limit = max(limit, fi.Size())
				}
			}
			lim := syscall.Rlimit{Cur: uint64(limit) + 8192, Max: saved.Max}
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { syscall.Setrlimit(syscall.RLIMIT_FSIZE, &saved) })
		},
		lift: func(t *testing.T, _ *DB, _ string) {
			if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &saved); err != nil {
				t.Fatal(err)
			}
		},
	}}
	for _, f := range faults {
		t.Run(f.name, func(t *testing.T) {
			ctx := context.Background()
			db, path := openTest(t)
			// Members who checked in today already: a lost commit of
			// theirs still found their earlier day row when read back.
			const members = 40
			for m := 0; m < members; m++ {
				checkIn(t, db, fmt.Sprint("m", m), testDay, 5)
			}
			if _, err := db.ClaimPost(ctx, "g", "daily", "today"); err != nil {
				t.Fatal(err)
			}
			f.apply(t, db, path)
			var confirmed, refused, claimed []string
			for k := 0; k < 4000 && len(refused) < 50; k++ {
				user := fmt.Sprint("m", k%members)
				if k%5 == 4 {
					user = fmt.Sprint("new", k) // and some first check-ins
				}
				id := nextID()
				// The router claims every interaction first: a claim too
				// is a write that must be there if it said it won.
				if c, err := db.ClaimInteraction(ctx, id, time.Minute); err == nil && c.Won {
					claimed = append(claimed, id)
				}
				_, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: user, Day: testDay,
					Minutes: 10, InteractionID: id}, testDay)
				if err != nil {
					refused = append(refused, id)
					continue
				}
				confirmed = append(confirmed, id)
			}
			if len(refused) == 0 {
				t.Fatalf("the fault refused none of %d check-ins", len(confirmed))
			}
			// Writes that change nothing commit without writing a page:
			// they do not make Ping pass.
			if again, err := db.ClaimPost(ctx, "g", "daily", "today"); err != nil || again {
				t.Errorf("second claim of a post during the fault: %v, %v", again, err)
			}
			if err := db.FinishInteraction(ctx, "unknown", nil); !errors.Is(err, clubbot.ErrNotFound) {
				t.Errorf("finish of an unknown interaction: %v", err)
			}
			if err := db.Ping(ctx); err == nil {
				t.Errorf("Ping passes after %d refused writes", len(refused))
			}
			f.lift(t, db, path)
			id := nextID()
			if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "m0", Day: testDay,
				Minutes: 10, InteractionID: id}, testDay); err != nil {
				t.Fatalf("after the fault: %v", err)
			}
			confirmed = append(confirmed, id)
			if err := db.Ping(ctx); err != nil {
				t.Errorf("Ping after a good write: %v", err)
			}
			t.Logf("%s: %d check-ins confirmed, %d refused; %d claims won", f.name, len(confirmed), len(refused), len(claimed))
			if err := db.Close(); err != nil {
				t.Logf("close: %v", err)
			}
			again := openAgain(t, path)
			count := func(table string, ids []string) (n int) {
				for _, id := range ids {
					var k int
					if err := again.reader.QueryRow("SELECT count(*) FROM "+table+" WHERE id = ?", id).Scan(&k); err != nil {
						t.Fatal(err)
					}
					n += k
				}
				return n
			}
			if got := count("checkins", confirmed); got != len(confirmed) {
				t.Errorf("%d of %d confirmed check-ins are missing", len(confirmed)-got, len(confirmed))
			}
			if got := count("checkins", refused); got != 0 {
				t.Errorf("%d of %d refused check-ins were stored", got, len(refused))
			}
			if got := count("interactions", claimed); got != len(claimed) {
				t.Errorf("%d of %d won claims are missing", len(claimed)-got, len(claimed))
			}
		})
	}
}

// setMaxPages sets SQLite's page limit on db's one writer connection.
func setMaxPages(t *testing.T, db *DB, pages int) {
	t.Helper()
	if _, err := db.writer.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
}

// TestChallengeBoardMatchesReference: the challenge boards equal a plain
// computation and sort over the same seeded history
// (storetest.ChallengeBoardMatchesReference).
func TestChallengeBoardMatchesReference(t *testing.T) {
	db, _ := openTest(t)
	storetest.ChallengeBoardMatchesReference(t, db)
}

// TestLeaderboardMatchesReference: the server boards equal a full sort of
// the members' own figures (storetest.LeaderboardMatchesReference).
func TestLeaderboardMatchesReference(t *testing.T) {
	db, _ := openTest(t)
	storetest.LeaderboardMatchesReference(t, db)
}
