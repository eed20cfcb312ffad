package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"clubbot"
)

// The SPEC 8 benchmarks' shapes, shared by the engines' bench_test.go: a
// server of FixtureMembers members with FixtureDays days of history
// (SeedHistory) ending at BenchDay, and a challenge of all of them.
const (
	FixtureMembers = 10000
	FixtureDays    = 365
	FixtureGuild   = "g1"
	// FixtureChallenge names the fixture's challenge; finding it in a
	// database means the fixture is built already.
	FixtureChallenge = "spring"
	// SnowflakeBase is a Discord interaction id of 2026.
	SnowflakeBase = 1_450_000_000_000_000_000
)

// BenchDay is "today" in the benchmarks.
var BenchDay = clubbot.DayFromDate(2026, time.March, 15)

// BuildFixture fills an empty database with the benchmark fixture: a
// 60-day challenge ending on BenchDay that every member joined before it
// began, their year of check-ins, and one member in a hundred hidden from
// boards. It returns the challenge's id.
func BuildFixture(ctx context.Context, db Seeder) (int64, error) {
	ch, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: FixtureGuild, Name: FixtureChallenge,
		Start: BenchDay - 59, Days: 60, DailyMinutes: 15, GraceDays: 2, CreatedBy: "admin"})
	if err != nil {
		return 0, fmt.Errorf("build fixture: %w", err)
	}
	users := make([]string, FixtureMembers)
	for n := range users {
		users[n] = fmt.Sprintf("u%d", n)
		if _, err := db.JoinChallenge(ctx, ch.ID, users[n], ch.Start-1); err != nil {
			return 0, fmt.Errorf("build fixture: %w", err)
		}
	}
	if err := db.SeedHistory(ctx, FixtureGuild, users, FixtureDays, BenchDay); err != nil {
		return 0, fmt.Errorf("build fixture: %w", err)
	}
	for n := 37; n < FixtureMembers; n += 100 {
		if err := db.SaveMember(ctx, clubbot.Member{GuildID: FixtureGuild, UserID: users[n], Hidden: true}); err != nil {
			return 0, fmt.Errorf("build fixture: %w", err)
		}
	}
	return ch.ID, nil
}

// BenchLeaderboard is /leaderboard over the fixture, week, month, all time
// and the challenge, as sub-benchmarks. SPEC 8: < 50 ms.
func BenchLeaderboard(b *testing.B, db Engine, challengeID int64) {
	ctx := context.Background()
	check := func(b *testing.B, board clubbot.Board, err error) {
		if err != nil {
			b.Fatal(err)
		}
		if board.Total < FixtureMembers*8/10 || len(board.Top) != clubbot.TopN {
			b.Fatalf("board of %d, top %d", board.Total, len(board.Top))
		}
	}
	for _, p := range []clubbot.Period{clubbot.Week, clubbot.Month, clubbot.All} {
		b.Run(string(p), func(b *testing.B) {
			for b.Loop() {
				board, err := db.Leaderboard(ctx, FixtureGuild, p, BenchDay, "u4242")
				check(b, board, err)
			}
		})
	}
	b.Run("challenge", func(b *testing.B) {
		for b.Loop() {
			board, err := db.ChallengeLeaderboard(ctx, challengeID, BenchDay, "u4242")
			check(b, board, err)
		}
	})
}

// BenchMemberStreak is /streak for one member of the fixture after
// another: Stats and the 84-day calendar. SPEC 8: < 1 ms.
func BenchMemberStreak(b *testing.B, db Engine) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		user := fmt.Sprintf("u%d", (i*7919)%FixtureMembers)
		i++
		st, err := db.Stats(ctx, FixtureGuild, user, BenchDay)
		if err != nil {
			b.Fatal(err)
		}
		h, err := db.History(ctx, FixtureGuild, user, BenchDay-83, BenchDay)
		if err != nil {
			b.Fatal(err)
		}
		if st.TotalDays < 300 || len(h) < 60 {
			b.Fatalf("%s: %d days, %d in calendar", user, st.TotalDays, len(h))
		}
	}
}
