package storetest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"clubbot"
	"clubbot/store"
)

// Seeder is an engine with a bulk history fixture (SeedHistory: the
// check-ins store.SeedSession describes, with the aggregates recording
// them one by one would leave).
type Seeder interface {
	Engine
	SeedHistory(ctx context.Context, guildID string, userIDs []string, days int, today clubbot.Day) error
}

// SeedMatchesRecorded checks that seeded.SeedHistory leaves what recording
// the same check-ins one by one through RecordCheckIn leaves in recorded
// (both empty databases of one engine): totals, streaks, calendars,
// check-ins, boards and challenge progress, with a challenge most members
// joined before its start and that started before the seeded days ended,
// and the fixture's breaks (store.SeedBreak) planned on the recorded side.
func SeedMatchesRecorded(t *testing.T, seeded, recorded Seeder) {
	t.Helper()
	ctx := context.Background()
	users := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	const days = 75
	first := testDay - days + 1
	var chs [2]clubbot.Challenge
	for i, db := range []Seeder{seeded, recorded} {
		c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 29,
			Days: 30, DailyMinutes: 15, GraceDays: 2, CreatedBy: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		chs[i] = c
		for _, u := range users[:8] {
			if _, err := db.JoinChallenge(ctx, c.ID, u, c.Start-1); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := seeded.SeedHistory(ctx, "g", users, days, testDay); err != nil {
		t.Fatal(err)
	}
	// The fixture's breaks, planned the day before each starts.
	for n, u := range users {
		if b, ok := store.SeedBreak(n, testDay); ok {
			if err := recorded.PlanBreak(ctx, "g", u, b, b.From-1); err != nil {
				t.Fatal(err)
			}
		}
	}
	sessions := 0
	for d := first; d <= testDay; d++ {
		for n, u := range users {
			for k := range 2 {
				minutes, ok := store.SeedSession(n, d, k)
				if !ok {
					continue
				}
				sessions++
				_, err := recorded.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: u, Day: d,
					Minutes: minutes, Timing: "post-run", Tool: "roller",
					CreatedAt: time.Unix(0, store.SeedCreatedAt(n, d))}, d)
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	stored := 0
	for _, u := range users {
		h, err := seeded.History(ctx, "g", u, first, testDay)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range h {
			stored += d.Sessions
		}
	}
	if stored != sessions || stored < len(users)*days*8/10 {
		t.Fatalf("seeded %d sessions, want %d", stored, sessions)
	}
	same := func(what string, get func(db Seeder, ch int64) any) {
		t.Helper()
		a, b := get(seeded, chs[0].ID), get(recorded, chs[1].ID)
		if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
			t.Errorf("%s:\nseeded   %+v\nrecorded %+v", what, a, b)
		}
	}
	for _, u := range users {
		same("stats of "+u, func(db Seeder, _ int64) any {
			st, _ := db.Stats(ctx, "g", u, testDay)
			st.FreezeTold = 0 // recording tells the member of freezes, seeding does not
			return st
		})
		same("history of "+u, func(db Seeder, _ int64) any { h, _ := db.History(ctx, "g", u, first-1, testDay); return h })
		same("check-ins of "+u, func(db Seeder, _ int64) any {
			cs, _ := db.CheckIns(ctx, "g", u, testDay-3)
			for i := range cs {
				cs[i].ID = 0 // ids differ by design
			}
			return cs
		})
	}
	for _, p := range []clubbot.Period{clubbot.Week, clubbot.Month, clubbot.All} {
		same("board "+string(p), func(db Seeder, _ int64) any { b, _ := db.Leaderboard(ctx, "g", p, testDay, "c"); return b })
	}
	same("challenge board", func(db Seeder, ch int64) any { b, _ := db.ChallengeLeaderboard(ctx, ch, testDay, "c"); return b })
	same("challenge progress", func(db Seeder, ch int64) any {
		ps, _ := db.Participants(ctx, ch, testDay)
		out := map[string]string{}
		for _, p := range ps {
			out[p.UserID] = fmt.Sprintf("%+v", p.Progress)
		}
		return out
	})
	if st, _ := seeded.Stats(ctx, "g", "a", testDay); st.TotalDays < days*8/10 {
		t.Errorf("seeded member a has %d days", st.TotalDays)
	}
}
