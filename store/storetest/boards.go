package storetest

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"clubbot"
)

// ChallengeBoardMatchesReference checks db's challenge boards against a
// straightforward computation over the same seeded history: every
// participant's progress from their day totals (History) and breaks
// (clubbot.ChallengeProgressWithBreaks), everyone sorted by clubbot.Less,
// the places read off. The store's boards count qualifying days from the
// stored flags and compute the rest only for the members who can be shown
// (clubbot.RankBy); this is the check that the shortcut changes nothing.
// Two challenges over SeedHistory's members (with store.SeedBreak's
// breaks): one running that allows breaks, one over that does not; some
// members joined late, some left, some are hidden. Every participant asks,
// and one who is not in it.
func ChallengeBoardMatchesReference(t *testing.T, db Seeder) {
	t.Helper()
	ctx := context.Background()
	users := memberIDs(120)
	type setup struct {
		c      clubbot.Challenge
		joined map[string]clubbot.Day
		left   map[string]bool
	}
	var chs []setup
	for _, c := range []clubbot.Challenge{
		{GuildID: "g", Name: "running", Start: testDay - 29, Days: 40, DailyMinutes: 15, GraceDays: 2, CreatedBy: "admin"},
		{GuildID: "g", Name: "over", Start: testDay - 50, Days: 30, DailyMinutes: 12, GraceDays: 1, CreatedBy: "admin", NoBreaks: true},
	} {
		c, err := db.CreateChallenge(ctx, c)
		mustOK(t, err)
		s := setup{c: c, joined: map[string]clubbot.Day{}, left: map[string]bool{}}
		for n, u := range users {
			day := c.Start - 1
			if n%7 == 0 {
				day = c.Start + 9 // joined late
			}
			if _, err := db.JoinChallenge(ctx, c.ID, u, day); err != nil {
				t.Fatal(err)
			}
			s.joined[u] = day
		}
		chs = append(chs, s)
	}
	mustOK(t, db.SeedHistory(ctx, "g", users, 75, testDay))
	for n, u := range users {
		if n%11 == 0 {
			mustOK(t, db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: u, Hidden: true}))
		}
		if n%13 == 5 {
			mustOK(t, db.LeaveChallenge(ctx, chs[0].c.ID, u, testDay-4))
			chs[0].left[u] = true
		}
	}
	for _, s := range chs {
		c := s.c
		joinedAt := map[string]clubbot.Participant{}
		ps, err := db.Participants(ctx, c.ID, testDay)
		mustOK(t, err)
		for _, p := range ps {
			joinedAt[p.UserID] = p
		}
		var visible []clubbot.Standing
		for _, u := range users {
			if s.left[u] {
				continue
			}
			days, err := db.History(ctx, "g", u, c.Start, c.End())
			mustOK(t, err)
			minutes := map[clubbot.Day]int{}
			for _, d := range days {
				minutes[d.Day] = d.Minutes
			}
			var breaks []clubbot.Break
			if !c.NoBreaks {
				breaks, err = db.Breaks(ctx, "g", u)
				mustOK(t, err)
			}
			p := clubbot.ChallengeProgressWithBreaks(c, s.joined[u], minutes, breaks, testDay)
			stored, ok := joinedAt[u]
			if !ok {
				t.Fatalf("%s: %s not among the participants", c.Name, u)
			}
			if !stored.Hidden {
				visible = append(visible, clubbot.Standing{UserID: u, QualifyingDays: p.QualifyingDays,
					CurrentStreak: p.Streak, TotalMinutes: p.Minutes, Joined: stored.JoinedAt})
			}
		}
		sortStandings(visible)
		if len(visible) < 2*clubbot.TopN {
			t.Fatalf("%s: only %d members on the board", c.Name, len(visible))
		}
		for _, asker := range append(slices.Clone(users), "nobody") {
			got, err := db.ChallengeLeaderboard(ctx, c.ID, testDay, asker)
			mustOK(t, err)
			if want := sortedBoard(visible, asker); !sameBoard(got, want) {
				t.Fatalf("%s, asked by %s:\n got %+v\nwant %+v", c.Name, asker, got, want)
			}
		}
	}
}

// LeaderboardMatchesReference checks db's server boards (week, month, all
// time) against a full sort of every visible member's figures as
// MemberStats gives them, for every member asking, a hidden one and one
// who is not in the server: the store streams the members through a
// clubbot.Tally, and this is the check that it places everyone as a sort
// would. 120 members over SeedHistory's 75 days, one in eleven hidden.
func LeaderboardMatchesReference(t *testing.T, db Seeder) {
	t.Helper()
	ctx := context.Background()
	users := memberIDs(120)
	mustOK(t, db.SeedHistory(ctx, "g", users, 75, testDay))
	hidden := map[string]bool{}
	for n, u := range users {
		if n%11 == 0 {
			mustOK(t, db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: u, Hidden: true}))
			hidden[u] = true
		}
	}
	for _, p := range []clubbot.Period{clubbot.Week, clubbot.Month, clubbot.All} {
		var visible []clubbot.Standing
		for _, u := range users {
			if hidden[u] {
				continue
			}
			st, err := db.Stats(ctx, "g", u, testDay)
			mustOK(t, err)
			fig := map[clubbot.Period][2]int{ // days, minutes
				clubbot.Week:  {st.WeekDays, st.WeekMinutes},
				clubbot.Month: {st.MonthDays, st.MonthMinutes},
				clubbot.All:   {st.TotalDays, st.TotalMinutes},
			}[p]
			if fig[0] == 0 {
				continue
			}
			// When the member joined is the board's own figure (no
			// other method reads it); the rest are MemberStats'.
			own, err := db.Leaderboard(ctx, "g", p, testDay, u)
			mustOK(t, err)
			visible = append(visible, clubbot.Standing{UserID: u, QualifyingDays: fig[0], CurrentStreak: st.Streak.Current,
				TotalMinutes: fig[1], Joined: own.Asker.Joined})
		}
		sortStandings(visible)
		if len(visible) < 2*clubbot.TopN {
			t.Fatalf("%s: only %d members on the board", p, len(visible))
		}
		for _, asker := range append(slices.Clone(users), "nobody") {
			got, err := db.Leaderboard(ctx, "g", p, testDay, asker)
			mustOK(t, err)
			if want := sortedBoard(visible, asker); !sameBoard(got, want) {
				t.Fatalf("%s board, asked by %s:\n got %+v\nwant %+v", p, asker, got, want)
			}
		}
	}
}

// memberIDs are n user ids, m000 up, in order.
func memberIDs(n int) []string {
	users := make([]string, n)
	for i := range users {
		users[i] = fmt.Sprintf("m%03d", i)
	}
	return users
}

// sortStandings sorts by clubbot.Less.
func sortStandings(s []clubbot.Standing) {
	slices.SortFunc(s, func(a, b clubbot.Standing) int {
		if clubbot.Less(a, b) {
			return -1
		}
		return 1
	})
}

// sortedBoard reads asker's board off standings sorted by clubbot.Less:
// the top places, and the asker with a neighbour either side below them.
func sortedBoard(visible []clubbot.Standing, asker string) clubbot.Board {
	want := clubbot.Board{Total: len(visible)}
	for i, st := range visible {
		r := clubbot.Ranked{Rank: i + 1, Standing: st}
		if i < clubbot.TopN {
			want.Top = append(want.Top, r)
		}
		if st.UserID != asker {
			continue
		}
		want.Asker = r
		if i >= clubbot.TopN {
			want.Around = []clubbot.Ranked{{Rank: i, Standing: visible[i-1]}, r}
			if i+1 < len(visible) {
				want.Around = append(want.Around, clubbot.Ranked{Rank: i + 2, Standing: visible[i+1]})
			}
		}
	}
	return want
}

// sameBoard compares boards place by place (times by Equal).
func sameBoard(a, b clubbot.Board) bool {
	same := func(x, y clubbot.Ranked) bool {
		return x.Rank == y.Rank && x.UserID == y.UserID && x.QualifyingDays == y.QualifyingDays &&
			x.CurrentStreak == y.CurrentStreak && x.TotalMinutes == y.TotalMinutes && x.Joined.Equal(y.Joined) &&
			x.Hidden == y.Hidden
	}
	return a.Total == b.Total && same(a.Asker, b.Asker) &&
		slices.EqualFunc(a.Top, b.Top, same) && slices.EqualFunc(a.Around, b.Around, same)
}
