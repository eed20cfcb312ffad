package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"os"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"clubbot"
	"clubbot/store/pgtest"
	"clubbot/store/storetest"
)

// Benchmarks for SPEC 8 on PostgreSQL, the shapes of store/sqlite's
// (storetest.BenchLeaderboard, BenchMemberStreak). Run them with
//
//	CLUBBOT_TEST_POSTGRES=postgres://… go test -run '^$' -bench . -benchtime 2s ./store/postgres/
//
// The 10,000-member fixture is kept in the database benchDatabase on that
// server, built on first use (about a minute) and reused by later runs;
// drop it (DROP DATABASE clubbot_bench) to build it again.

// benchDatabase names the database the fixture is kept in.
const benchDatabase = "clubbot_bench"

// BenchmarkCheckIn stores check-ins one transaction each, one after
// another: through RecordCheckIn ("store", half the members in a running
// challenge so its progress is part of the cost) and, as the limit, a
// bare pgx loop inserting a check-in-shaped row per transaction ("bare").
// "store-parallel" is RecordCheckIn from 8 goroutines per core, as
// replicas and concurrent interactions write.
func BenchmarkCheckIn(b *testing.B) {
	ctx := context.Background()
	const members = 1000

	b.Run("bare", func(b *testing.B) {
		pool, err := pgxpool.New(ctx, pgtest.URL(b))
		if err != nil {
			b.Fatal(err)
		}
		defer pool.Close()
		if _, err := pool.Exec(ctx, `CREATE TABLE bare (
			id BIGINT PRIMARY KEY, guild_id TEXT NOT NULL, user_id TEXT NOT NULL, day BIGINT NOT NULL,
			minutes BIGINT NOT NULL, timing TEXT NOT NULL, tool TEXT NOT NULL, sore_spot TEXT NOT NULL,
			note TEXT NOT NULL, interaction_id TEXT, source TEXT, entered_by TEXT NOT NULL, created_at BIGINT NOT NULL)`); err != nil {
			b.Fatal(err)
		}
		i := 0
		for b.Loop() {
			user := fmt.Sprintf("u%d", i%members)
			err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
				_, err := tx.Exec(ctx, `INSERT INTO bare (id, guild_id, user_id, day, minutes, timing, tool, sore_spot, note,
					interaction_id, source, entered_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
					storetest.SnowflakeBase+i, "g1", user, int64(storetest.BenchDay)+int64(i/members), 15, "post-run", "roller",
					"", "", nil, nil, user, time.Now().UnixNano())
				return err
			})
			if err != nil {
				b.Fatal(err)
			}
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkins/s")
	})

	open := func(b *testing.B) *DB {
		db, err := Open(ctx, pgtest.URL(b))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { db.Close() })
		ch, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g1", Name: "march", Start: storetest.BenchDay,
			Days: 366, DailyMinutes: 10, CreatedBy: "admin"})
		if err != nil {
			b.Fatal(err)
		}
		for u := 0; u < members; u += 2 {
			if _, err := db.JoinChallenge(ctx, ch.ID, fmt.Sprintf("u%d", u), storetest.BenchDay); err != nil {
				b.Fatal(err)
			}
		}
		return db
	}
	record := func(b *testing.B, db *DB, i int) {
		user := fmt.Sprintf("u%d", i%members)
		day := storetest.BenchDay + clubbot.Day(i/members)
		_, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g1", UserID: user, Day: day, Minutes: 15,
			Timing: "post-run", Tool: "roller", InteractionID: fmt.Sprint(storetest.SnowflakeBase + i)}, day)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Run("store", func(b *testing.B) {
		db := open(b)
		i := 0
		for b.Loop() {
			record(b, db, i)
			i++
		}
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkins/s")
	})
	b.Run("store-parallel", func(b *testing.B) {
		db := open(b)
		var next atomic.Int64
		b.SetParallelism(8)
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				record(b, db, int(next.Add(1)))
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "checkins/s")
	})
}

var (
	fixtureOnce sync.Once
	fixtureDB   *DB
	fixtureCh   int64
	fixtureErr  error
)

// fixture opens the benchmark database, building the fixture in it on
// first use.
func fixture(b *testing.B) (*DB, int64) {
	b.Helper()
	fixtureOnce.Do(func() {
		fixtureDB, fixtureCh, fixtureErr = openFixture(b)
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	return fixtureDB, fixtureCh
}

// openFixture creates benchDatabase on the test server if it is missing,
// opens it and builds the fixture unless an earlier run did.
func openFixture(b *testing.B) (*DB, int64, error) {
	ctx := context.Background()
	base := os.Getenv(pgtest.Env)
	if base == "" {
		b.Skip(pgtest.Env + " is not set: the PostgreSQL benchmarks need a server")
	}
	u, err := url.Parse(base)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: not a URL", pgtest.Env)
	}
	conn, err := pgx.Connect(ctx, base)
	if err != nil {
		return nil, 0, fmt.Errorf("connect to %s: %w", u.Redacted(), err)
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+benchDatabase)
	conn.Close(ctx)
	var pe *pgconn.PgError
	if err != nil && !(errors.As(err, &pe) && pe.Code == "42P04") { // duplicate_database
		return nil, 0, fmt.Errorf("create %s: %w", benchDatabase, err)
	}
	u.Path = "/" + benchDatabase
	db, err := Open(ctx, u.String())
	if err != nil {
		return nil, 0, err
	}
	if c, err := db.Challenge(ctx, storetest.FixtureGuild, storetest.FixtureChallenge); err == nil {
		// Built by an earlier run; one from before the fixture had breaks
		// (store.SeedBreak) would measure boards without them.
		var breaks int
		if err := db.pool.QueryRow(ctx, `SELECT count(*) FROM breaks WHERE guild_id = $1`,
			storetest.FixtureGuild).Scan(&breaks); err != nil || breaks == 0 {
			db.Close()
			return nil, 0, fmt.Errorf("%s was built without the fixture's breaks (%v): DROP DATABASE %s to build it again",
				benchDatabase, err, benchDatabase)
		}
		return db, c.ID, nil
	}
	start := time.Now()
	ch, err := storetest.BuildFixture(ctx, db)
	if err != nil {
		db.Close()
		return nil, 0, err
	}
	// Fresh statistics for the planner, as autovacuum would gather soon.
	if _, err := db.pool.Exec(ctx, "ANALYZE"); err != nil {
		db.Close()
		return nil, 0, fmt.Errorf("analyze: %w", err)
	}
	var rows int
	db.pool.QueryRow(ctx, `SELECT count(*) FROM checkins`).Scan(&rows)
	fmt.Fprintf(os.Stderr, "fixture: %d members, %d days, %d check-ins built in %s\n",
		storetest.FixtureMembers, storetest.FixtureDays, rows, time.Since(start).Round(time.Millisecond))
	return db, ch, nil
}

// BenchmarkLeaderboard is /leaderboard over 10,000 members x 365 days.
// SPEC 8: < 50 ms.
func BenchmarkLeaderboard(b *testing.B) {
	db, ch := fixture(b)
	storetest.BenchLeaderboard(b, db, ch)
}

// BenchmarkMemberStreak is /streak for one member of the big fixture.
// SPEC 8: < 1 ms.
func BenchmarkMemberStreak(b *testing.B) {
	db, _ := fixture(b)
	storetest.BenchMemberStreak(b, db)
}
