package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"clubbot"
	"clubbot/store/storetest"
)

// Benchmarks for SPEC 8. Run them with
//
//	go test -tags sqlite_fts5 -run '^$' -bench . -benchtime 2s ./store/...
//
// CLUBBOT_BENCH_FIXTURE=/some/file.db keeps the 10,000-member fixture
// between runs (it is built once per process otherwise, ~a minute).

// benchDay is "today" in the benchmarks.
var benchDay = storetest.BenchDay

// BenchmarkCheckIn stores check-ins one transaction each through
// RecordCheckIn ("store") and, in the same run, a bare go-sqlite3 loop with
// the same pragmas inserting a similar row per transaction ("bare"). SPEC 8:
// store >= 10,000/s and >= half of bare.
// openBare opens the bare loop's database: the store's connection settings
// and a plain check-in-shaped table, nothing else.
func openBare(b *testing.B) *sql.DB {
	b.Helper()
	sdb, err := sql.Open("sqlite3", dsn(filepath.Join(b.TempDir(), "bare.db"), writeConn))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { sdb.Close() })
	sdb.SetMaxOpenConns(1)
	if _, err := sdb.Exec(`CREATE TABLE bare (
		id INTEGER PRIMARY KEY, guild_id TEXT NOT NULL, user_id TEXT NOT NULL, day INTEGER NOT NULL,
		minutes INTEGER NOT NULL, timing TEXT NOT NULL, tool TEXT NOT NULL, sore_spot TEXT NOT NULL,
		note TEXT NOT NULL, interaction_id TEXT, source TEXT, entered_by TEXT NOT NULL, created_at INTEGER NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	return sdb
}

func BenchmarkCheckIn(b *testing.B) {
	ctx := context.Background()
	const members = 1000

	b.Run("bare", func(b *testing.B) {
		sdb := openBare(b)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			tx, err := sdb.Begin()
			if err != nil {
				b.Fatal(err)
			}
			user := fmt.Sprintf("u%d", i%members)
			if _, err := tx.Exec(`INSERT INTO bare (guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
				interaction_id, source, entered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				"g1", user, int64(benchDay)+int64(i/members), 15, "post-run", "roller", "", "",
				fmt.Sprint(snowflakeBase+i), nil, user, time.Now().UnixNano()); err != nil {
				b.Fatal(err)
			}
			if err := tx.Commit(); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkins/s")
	})

	// The same loop with each INSERT in autocommit mode (no BEGIN/COMMIT
	// round trips), which is how RecordCheckIn stores today's check-ins:
	// reported so the comparison can be made either way.
	b.Run("bare-autocommit", func(b *testing.B) {
		sdb := openBare(b)
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			user := fmt.Sprintf("u%d", i%members)
			if _, err := sdb.Exec(`INSERT INTO bare (guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
				interaction_id, source, entered_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				"g1", user, int64(benchDay)+int64(i/members), 15, "post-run", "roller", "", "",
				fmt.Sprint(snowflakeBase+i), nil, user, time.Now().UnixNano()); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkins/s")
	})

	b.Run("store", func(b *testing.B) {
		db, err := Open(ctx, filepath.Join(b.TempDir(), "store.db"))
		if err != nil {
			b.Fatal(err)
		}
		defer db.Close()
		// Half the members take part in a running challenge, so the
		// challenge aggregates are part of the cost.
		ch, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g1", Name: "march", Start: benchDay,
			Days: 366, DailyMinutes: 10, CreatedBy: "admin"})
		if err != nil {
			b.Fatal(err)
		}
		for u := 0; u < members; u += 2 {
			if _, err := db.JoinChallenge(ctx, ch.ID, fmt.Sprintf("u%d", u), benchDay); err != nil {
				b.Fatal(err)
			}
		}
		b.ResetTimer()
		for i := 0; i < b.N; i++ {
			user := fmt.Sprintf("u%d", i%members)
			day := benchDay + clubbot.Day(i/members)
			// Discord interaction ids are snowflakes.
			_, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g1", UserID: user, Day: day, Minutes: 15,
				Timing: "post-run", Tool: "roller", InteractionID: fmt.Sprint(snowflakeBase + i)}, day)
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkins/s")
	})
}

// The fixture's shapes are storetest's, shared with store/postgres.
const (
	snowflakeBase  = storetest.SnowflakeBase
	fixtureMembers = storetest.FixtureMembers
	fixtureGuild   = storetest.FixtureGuild
)

var (
	fixtureOnce sync.Once
	fixtureDB   *DB
	fixtureCh   int64
	fixtureErr  error
)

// fixture opens the big database, building it on first use.
func fixture(b *testing.B) (*DB, int64) {
	b.Helper()
	fixtureOnce.Do(func() {
		fixtureDB, fixtureCh, fixtureErr = buildFixture()
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return fixtureDB, fixtureCh
}

func buildFixture() (*DB, int64, error) {
	ctx := context.Background()
	path := os.Getenv("CLUBBOT_BENCH_FIXTURE")
	if path == "" {
		dir, err := os.MkdirTemp("", "clubbot-bench-")
		if err != nil {
			return nil, 0, err
		}
		benchTempDir = dir
		path = filepath.Join(dir, "fixture.db")
	}
	db, err := Open(ctx, path)
	if err != nil {
		return nil, 0, err
	}
	if c, err := db.Challenge(ctx, fixtureGuild, storetest.FixtureChallenge); err == nil {
		return db, c.ID, nil // reused from an earlier run
	}
	start := time.Now()
	ch, err := storetest.BuildFixture(ctx, db)
	if err != nil {
		return nil, 0, err
	}
	var rows int
	db.reader.QueryRow(`SELECT count(*) FROM checkins`).Scan(&rows)
	fmt.Fprintf(os.Stderr, "fixture: %d members, %d days, %d check-ins built in %s\n",
		fixtureMembers, storetest.FixtureDays, rows, time.Since(start).Round(time.Millisecond))
	return db, ch, nil
}

// BenchmarkLeaderboard is /leaderboard over 10,000 members x 365 days. SPEC 8: < 50 ms.
func BenchmarkLeaderboard(b *testing.B) {
	db, ch := fixture(b)
	storetest.BenchLeaderboard(b, db, ch)
}

// BenchmarkMemberStreak is /streak for one member of the big fixture: Stats
// and the 84-day calendar. SPEC 8: < 1 ms.
func BenchmarkMemberStreak(b *testing.B) {
	db, _ := fixture(b)
	storetest.BenchMemberStreak(b, db)
}
