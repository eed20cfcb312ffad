// Package storetest is the conformance suite every storage engine passes:
// the engine-independent store tests, through the methods the bot uses
// (bot.Store) and the few more a test needs. An engine's package runs it
// with Run on a fresh database per test (store/sqlite: TestConformance).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"sync"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot"
	"clubbot/store"
)

// Engine is what the suite needs from an engine: the bot's Store, plus
// UndoCheckIn (a member's own undo, by owner) CheckIns (a member's
// check-ins of a day) and FeedbackCounts.
type Engine interface {
	bot.Store
	UndoCheckIn(ctx context.Context, guildID, userID string, id int64) (clubbot.CheckIn, error)
	CheckIns(ctx context.Context, guildID, userID string, day clubbot.Day) ([]clubbot.CheckIn, error)
	FeedbackCounts(ctx context.Context, questionID int64) (helpful, notHelpful int, err error)
}

// Run runs every test of the suite as a subtest; open returns a new, empty
// database for one subtest (closed in t.Cleanup) with the test's clock.
func Run(t *testing.T, open Opener) {
	simple := func(t *testing.T) Engine { return open(t, NewClock().Now).DB }
	for _, tc := range []struct {
		name string
		test func(*testing.T, Opener)
	}{
		{"ClaimPostOnceAcrossHandles", testClaimPostOnceAcrossHandles},
		{"ReclaimPost", testReclaimPost},
		{"ClaimInteraction", testClaimInteraction},
		{"ClaimInteractionOnceAcrossHandles", testClaimInteractionOnceAcrossHandles},
		{"ExportThenDeleteMember", testExportThenDeleteMember},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open) })
	}
	for _, tc := range []struct {
		name string
		test func(*testing.T, func(*testing.T) Engine)
	}{
		{"RecordCheckInIdempotent", testRecordCheckInIdempotent},
		{"RecordCheckInSourceOncePerMember", testRecordCheckInSourceOncePerMember},
		{"RecordCheckInValidates", testRecordCheckInValidates},
		{"ConcurrentCheckIns", testConcurrentCheckIns},
		{"AggregatesMatchCheckIns", testAggregatesMatchCheckIns},
		{"StreakYesterdayAndUndo", testStreakYesterdayAndUndo},
		{"LeaderboardTiesAndHidden", testLeaderboardTiesAndHidden},
		{"Challenges", testChallenges},
		{"SettingsAndMembers", testSettingsAndMembers},
		{"ReminderMembers", testReminderMembers},
		{"LeaveAndRejoinKeepsDays", testLeaveAndRejoinKeepsDays},
		{"GroupConsistencyTakingPart", testGroupConsistencyTakingPart},
		{"FixUndoAndNotice", testFixUndoAndNotice},
		{"FAQ", testFAQ},
		{"FAQGuilds", testFAQGuilds},
		{"EndChallengeEarly", testEndChallengeEarly},
		{"CheckInResultMatchesStats", testCheckInResultMatchesStats},
		{"MonthDays", testMonthDays},
		{"ParticipationsAgreeWithGroupConsistency", testParticipationsAgreeWithGroupConsistency},
		{"ParticipationsHonourBreaks", testParticipationsHonourBreaks},
		{"BreaksPlanCancel", testBreaksPlanCancel},
		{"FreezesToldOnceAndMaxFreezes", testFreezesToldOnceAndMaxFreezes},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, simple) })
	}
}

// testDay is "today" in the tests: Wednesday 2026-03-11.
var testDay = clubbot.DayFromDate(2026, time.March, 11)

// snowflakeBase is a Discord interaction id of 2026.
const snowflakeBase = 1_450_000_000_000_000_000

var idSeq struct {
	sync.Mutex
	n int64
}

// NextID returns a fresh snowflake-like interaction id.
func NextID() string {
	idSeq.Lock()
	defer idSeq.Unlock()
	idSeq.n++
	return fmt.Sprint(snowflakeBase + idSeq.n)
}

// minutesByDay sums user's stored check-ins (server "g") per day, from the
// check-ins themselves (CheckIns), over the days the tests use.
func minutesByDay(t *testing.T, db Engine, user string) map[clubbot.Day]int {
	t.Helper()
	out := map[clubbot.Day]int{}
	for d := testDay - 400; d <= testDay+10; d++ {
		cs, err := db.CheckIns(context.Background(), "g", user, d)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			out[c.Day] += c.Minutes
		}
	}
	return out
}

// mustOK fails the test on err.
func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// CheckIn records minutes for user (server "g") on day as a fresh
// interaction, with testDay as the member's today.
func CheckIn(t *testing.T, db Engine, user string, day clubbot.Day, minutes int) clubbot.CheckInResult {
	t.Helper()
	r, err := db.RecordCheckIn(context.Background(), clubbot.CheckIn{GuildID: "g", UserID: user, Day: day,
		Minutes: minutes, InteractionID: NextID()}, testDay)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testRecordCheckInIdempotent(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	for _, interaction := range []string{"1450000000000000001", "not-a-snowflake", "0123"} {
		c := clubbot.CheckIn{GuildID: "g", UserID: "u-" + interaction, Day: testDay, Minutes: 12, InteractionID: interaction}
		first, err := db.RecordCheckIn(ctx, c, testDay)
		if err != nil || first.Duplicate {
			t.Fatalf("%s: first: %+v, %v", interaction, first, err)
		}
		c.Minutes = 30 // a retry carries the same interaction
		second, err := db.RecordCheckIn(ctx, c, testDay)
		if err != nil || !second.Duplicate || second.CheckIn.ID != first.CheckIn.ID || second.CheckIn.Minutes != 12 {
			t.Fatalf("%s: second: %+v, %v", interaction, second, err)
		}
		if second.CheckIn.InteractionID != interaction {
			t.Errorf("%s: stored interaction id %q", interaction, second.CheckIn.InteractionID)
		}
		if second.Day.Minutes != 12 || second.Day.Sessions != 1 {
			t.Errorf("%s: day total %+v, want one session of 12", interaction, second.Day)
		}
		cs, err := db.CheckIns(ctx, "g", c.UserID, testDay)
		if err != nil || len(cs) != 1 {
			t.Fatalf("%s: %d rows, %v", interaction, len(cs), err)
		}
	}
}

func testRecordCheckInSourceOncePerMember(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c := clubbot.CheckIn{GuildID: "g", UserID: "u1", Day: testDay, Minutes: 10, Source: "post:99", InteractionID: NextID()}
	if r, err := db.RecordCheckIn(ctx, c, testDay); err != nil || r.Duplicate {
		t.Fatalf("first click: %+v %v", r, err)
	}
	c.InteractionID = NextID() // a second click is a new interaction
	c.Minutes = 20
	r, err := db.RecordCheckIn(ctx, c, testDay)
	if err != nil || !r.Duplicate || r.CheckIn.Minutes != 10 {
		t.Fatalf("second click: %+v %v", r, err)
	}
	// Another member's click on the same post counts.
	c.UserID, c.InteractionID = "u2", NextID()
	if r, err := db.RecordCheckIn(ctx, c, testDay); err != nil || r.Duplicate {
		t.Fatalf("other member: %+v %v", r, err)
	}
	if n, _ := db.CheckedInCount(ctx, "g", testDay); n != 2 {
		t.Errorf("checked in %d, want 2", n)
	}
}

func testRecordCheckInValidates(t *testing.T, open func(t *testing.T) Engine) {
	db := open(t)
	for _, c := range []clubbot.CheckIn{
		{GuildID: "g", UserID: "u", Day: testDay, Minutes: 0},
		{GuildID: "g", UserID: "u", Day: testDay, Minutes: 241},
		{GuildID: "g", UserID: "u", Day: testDay, Minutes: 5, Tool: "hammer"},
		{GuildID: "", UserID: "u", Day: testDay, Minutes: 5},
	} {
		if _, err := db.RecordCheckIn(context.Background(), c, testDay); !errors.Is(err, clubbot.ErrInvalid) {
			t.Errorf("%+v: %v, want ErrInvalid", c, err)
		}
	}
}

func testConcurrentCheckIns(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	const n = 200
	var wg sync.WaitGroup
	errs := make(chan error, n)
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			_, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: fmt.Sprintf("u%d", i%50),
				Day: testDay, Minutes: 5, InteractionID: NextID()}, testDay)
			if err == nil {
				_, err = db.Stats(ctx, "g", fmt.Sprintf("u%d", i%50), testDay) // readers beside writers
			}
			errs <- err
		}(i)
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err) // includes any "database is locked"
		}
	}
	rows, sessions := 0, 0
	for u := 0; u < 50; u++ {
		cs, err := db.CheckIns(ctx, "g", fmt.Sprintf("u%d", u), testDay)
		if err != nil {
			t.Fatal(err)
		}
		h, err := db.History(ctx, "g", fmt.Sprintf("u%d", u), testDay, testDay)
		if err != nil || len(h) != 1 {
			t.Fatalf("history %+v, %v", h, err)
		}
		rows, sessions = rows+len(cs), sessions+h[0].Sessions
	}
	if rows != n || sessions != n {
		t.Fatalf("%d check-ins, %d sessions; want %d", rows, sessions, n)
	}
	if c, _ := db.CheckedInCount(ctx, "g", testDay); c != 50 {
		t.Errorf("checked in %d, want 50", c)
	}
}

// testAggregatesMatchCheckIns records and undoes random check-ins, in and
// out of day order, and compares every aggregate (streaks, totals, the
// week, month and all boards, challenge progress) with one recomputed from
// the check-ins by the domain rules.
func testAggregatesMatchCheckIns(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	rng := rand.New(rand.NewSource(1))
	users := []string{"a", "b", "c"}
	// Two challenges over the histories' days: a joins both before any
	// check-in, b one after some (its progress so far is computed on
	// joining), and the second is ended early midway.
	chs := make([]clubbot.Challenge, 2)
	for i := range chs {
		c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: fmt.Sprint("c", i), Start: testDay - 60 + clubbot.Day(i*10),
			Days: 40, DailyMinutes: 15 + i*10, GraceDays: 2, CreatedBy: "admin"})
		if err != nil {
			t.Fatal(err)
		}
		chs[i] = c
		if _, err := db.JoinChallenge(ctx, c.ID, "a", c.Start-5); err != nil {
			t.Fatal(err)
		}
	}
	// Breaks at the histories' edges and middles, planned the day before
	// each starts: c's runs through today.
	breaks := map[string][]clubbot.Break{
		"a": {{From: testDay - 30, To: testDay - 25, Reason: "holiday"}},
		"b": {{From: testDay - 50, To: testDay - 45}, {From: testDay - 10, To: testDay - 9}},
		"c": {{From: testDay - 3, To: testDay + 2}},
	}
	for u, bs := range breaks {
		for _, b := range bs {
			if err := db.PlanBreak(ctx, "g", u, b, b.From-1); err != nil {
				t.Fatal(err)
			}
		}
	}
	joinedB := map[int64]clubbot.Day{}
	// The test's own record of what is stored: the truth the engine's
	// aggregates are checked against.
	var stored []clubbot.CheckIn
	for step := 0; step < 400; step++ {
		u := users[rng.Intn(len(users))]
		if rng.Intn(5) == 0 && len(stored) > 0 {
			i := rng.Intn(len(stored))
			if _, err := db.UndoCheckIn(ctx, "g", stored[i].UserID, stored[i].ID); err != nil {
				t.Fatal(err)
			}
			stored = append(stored[:i], stored[i+1:]...)
			continue
		}
		day := testDay - clubbot.Day(rng.Intn(70)) // mostly out of order
		if rng.Intn(3) == 0 {
			day = testDay - 70 + clubbot.Day(step/6) // runs forward too
		}
		r := CheckIn(t, db, u, day, 1+rng.Intn(30))
		stored = append(stored, r.CheckIn)
		switch step {
		case 150, 250:
			c := chs[step/200]
			joinedB[c.ID] = c.Start + 7
			if _, err := db.JoinChallenge(ctx, c.ID, "b", c.Start+7); err != nil {
				t.Fatal(err)
			}
		case 300:
			if err := db.EndChallenge(ctx, chs[1].ID, "admin", chs[1].Start+25); err != nil {
				t.Fatal(err)
			}
			var err error
			if chs[1], err = db.ChallengeByID(ctx, chs[1].ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, u := range users {
		minutes := map[clubbot.Day]int{}
		for _, c := range stored {
			if c.UserID == u {
				minutes[c.Day] += c.Minutes
			}
		}
		var days []clubbot.Day
		total := 0
		for d := testDay - 80; d <= testDay+1; d++ {
			if minutes[d] > 0 {
				days = append(days, d)
				total += minutes[d]
			}
		}
		for _, today := range []clubbot.Day{testDay, testDay + 1, testDay + 5} {
			st, err := db.Stats(ctx, "g", u, today)
			if err != nil {
				t.Fatal(err)
			}
			wantState := clubbot.MemberStreak(days, breaks[u], clubbot.DefaultMaxFreezes, today)
			want := wantState.Streak
			if st.Streak != want || st.State.Freezes != wantState.Freezes || fmt.Sprint(st.State.Frozen, st.State.BreakDays) != fmt.Sprint(wantState.Frozen, wantState.BreakDays) ||
				st.TotalDays != len(days) || st.TotalMinutes != total {
				t.Errorf("%s on %s: %+v, want streak %+v, %d days, %d minutes", u, today, st, wantState, len(days), total)
			}
			// The all-time board carries the stored streak on to today.
			all, err := db.Leaderboard(ctx, "g", clubbot.All, today, u)
			if err != nil {
				t.Fatal(err)
			}
			if all.Asker.Rank > 0 && all.Asker.CurrentStreak != want.Current {
				t.Errorf("%s on %s: board streak %d, want %d", u, today, all.Asker.CurrentStreak, want.Current)
			}
			if today == testDay {
				wf, wt := clubbot.Week.Range(today)
				mf, mt := clubbot.Month.Range(today)
				var wd, wm, md, mm int
				for _, d := range days {
					if d >= wf && d <= wt {
						wd, wm = wd+1, wm+minutes[d]
					}
					if d >= mf && d <= mt {
						md, mm = md+1, mm+minutes[d]
					}
				}
				if st.WeekDays != wd || st.WeekMinutes != wm || st.MonthDays != md || st.MonthMinutes != mm {
					t.Errorf("%s periods: %+v, want week %d/%d month %d/%d", u, st, wd, wm, md, mm)
				}
				// The boards read the stored period totals.
				for p, want := range map[clubbot.Period][2]int{clubbot.Week: {wd, wm}, clubbot.Month: {md, mm}, clubbot.All: {len(days), total}} {
					b, err := db.Leaderboard(ctx, "g", p, today, u)
					if err != nil {
						t.Fatal(err)
					}
					got := [2]int{b.Asker.QualifyingDays, b.Asker.TotalMinutes}
					if got != want || (want[0] > 0) != (b.Asker.Rank > 0) || (b.Asker.Rank > 0 && b.Asker.CurrentStreak != st.Streak.Current) {
						t.Errorf("%s on the %s board: %+v, want days/minutes %v, streak %d", u, p, b.Asker, want, st.Streak.Current)
					}
				}
			}
		}
		h, err := db.History(ctx, "g", u, testDay-83, testDay)
		if err != nil {
			t.Fatal(err)
		}
		var got []clubbot.Day
		for _, d := range h {
			if d.Minutes != minutes[d.Day] {
				t.Errorf("%s history %s: %d minutes, want %d", u, d.Day, d.Minutes, minutes[d.Day])
			}
			got = append(got, d.Day)
		}
		if fmt.Sprint(got) != fmt.Sprint(days) {
			t.Errorf("%s history days %v, want %v", u, got, days)
		}
		// Challenge progress against clubbot.ChallengeProgressWithBreaks over
		// the same check-ins and breaks, on days during and after each challenge.
		for _, c := range chs {
			joined, in := joinedB[c.ID], u == "b"
			if u == "a" {
				joined, in = c.Start-5, true
			}
			if !in {
				continue
			}
			for _, today := range []clubbot.Day{c.Start + 10, c.End(), c.End() + 3} {
				p, err := db.Progress(ctx, c.ID, u, today)
				if err != nil {
					t.Fatal(err)
				}
				want := clubbot.ChallengeProgressWithBreaks(c, joined, minutes, breaks[u], today)
				if p.Progress.Minutes != want.Minutes && today >= c.End() {
					t.Errorf("%s in %s on %s: minutes %d, want %d", u, c.Name, today, p.Progress.Minutes, want.Minutes)
				}
				// Stored minutes count the whole span, days after today
				// included; ChallengeProgress stops at today.
				p.Progress.Minutes = want.Minutes
				if p.Progress != want {
					t.Errorf("%s in %s on %s: %+v, want %+v", u, c.Name, today, p.Progress, want)
				}
			}
		}
	}
}

func testStreakYesterdayAndUndo(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	CheckIn(t, db, "u", testDay-3, 10)
	CheckIn(t, db, "u", testDay-2, 10)
	r := CheckIn(t, db, "u", testDay, 10)
	if r.Streak.Current != 1 || r.Streak.Longest != 2 {
		t.Fatalf("before yesterday: %+v", r.Streak)
	}
	// Yesterday, entered after today: joins the runs (out-of-order day).
	y := CheckIn(t, db, "u", testDay-1, 10)
	if want := (clubbot.Streak{Current: 4, Longest: 4, LastDay: testDay}); y.Streak != want {
		t.Fatalf("after yesterday: %+v, want %+v", y.Streak, want)
	}
	st, _ := db.Stats(ctx, "g", "u", testDay)
	if st.Streak.Current != 4 || st.TotalDays != 4 || st.TotalMinutes != 40 {
		t.Fatalf("stats: %+v", st)
	}
	// Undo yesterday: the run splits again.
	if _, err := db.UndoCheckIn(ctx, "g", "u", y.CheckIn.ID); err != nil {
		t.Fatal(err)
	}
	st, _ = db.Stats(ctx, "g", "u", testDay)
	if want := (clubbot.Streak{Current: 1, Longest: 2, LastDay: testDay}); st.Streak != want || st.TotalDays != 3 {
		t.Fatalf("after undo: %+v, want %+v", st, want)
	}
	// Undo today: the streak ends two days ago, so it is broken.
	if _, err := db.UndoCheckIn(ctx, "g", "u", r.CheckIn.ID); err != nil {
		t.Fatal(err)
	}
	st, _ = db.Stats(ctx, "g", "u", testDay)
	if want := (clubbot.Streak{Current: 0, Longest: 2, LastDay: testDay - 2}); st.Streak != want {
		t.Fatalf("after second undo: %+v, want %+v", st.Streak, want)
	}
	if _, err := db.UndoCheckIn(ctx, "g", "u", r.CheckIn.ID); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("undo twice: %v, want ErrNotFound", err)
	}
	if _, err := db.UndoCheckIn(ctx, "g", "other", y.CheckIn.ID); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("undo someone else's: %v, want ErrNotFound", err)
	}
}

func testLeaderboardTiesAndHidden(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	// Monday..Wednesday of this week. a and b tie on days and streak; b has
	// more minutes. c and d tie on everything but joined first: c.
	for d := testDay - 2; d <= testDay; d++ {
		CheckIn(t, db, "a", d, 10)
		CheckIn(t, db, "b", d, 20)
	}
	CheckIn(t, db, "c", testDay, 5)
	CheckIn(t, db, "d", testDay, 5)
	CheckIn(t, db, "hidden", testDay-1, 60)
	CheckIn(t, db, "hidden", testDay, 60)
	CheckIn(t, db, "hidden", testDay-2, 60)
	CheckIn(t, db, "old", testDay-20, 30) // not this week
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "hidden", Hidden: true}); err != nil {
		t.Fatal(err)
	}
	board, err := db.Leaderboard(ctx, "g", clubbot.Week, testDay, "d")
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, r := range board.Top {
		order = append(order, fmt.Sprintf("%d:%s", r.Rank, r.UserID))
	}
	if got, want := strings.Join(order, " "), "1:b 2:a 3:c 4:d"; got != want {
		t.Fatalf("week board %q, want %q", got, want)
	}
	if board.Total != 4 || board.Asker.Rank != 4 || board.Top[0].CurrentStreak != 3 || board.Top[0].TotalMinutes != 60 {
		t.Errorf("board %+v", board)
	}
	all, _ := db.Leaderboard(ctx, "g", clubbot.All, testDay, "old")
	if all.Total != 5 || all.Asker.Rank != 5 || all.Asker.CurrentStreak != 0 {
		t.Errorf("all board: total %d, asker %+v", all.Total, all.Asker)
	}
	month, _ := db.Leaderboard(ctx, "g", clubbot.Month, testDay, "")
	if month.Total != 4 { // "old" checked in in February
		t.Errorf("month board total %d, want 4", month.Total)
	}
	// A member whose zone is a day ahead has already checked in next week:
	// this week's board still counts their days.
	CheckIn(t, db, "a", testDay+5, 10) // next Monday
	board, _ = db.Leaderboard(ctx, "g", clubbot.Week, testDay, "a")
	if board.Asker.QualifyingDays != 3 || board.Asker.TotalMinutes != 30 {
		t.Errorf("a after next week's check-in: %+v", board.Asker)
	}
}

func testChallenges(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "March Feet", Start: testDay - 5,
		Days: 10, DailyMinutes: 10, GraceDays: 1, CreatedBy: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "march feet", Start: testDay,
		Days: 5, DailyMinutes: 5, CreatedBy: "admin"}); !errors.Is(err, clubbot.ErrConflict) {
		t.Fatalf("same name: %v, want ErrConflict", err)
	}
	if got, err := db.Challenge(ctx, "g", "MARCH FEET"); err != nil || got.ID != c.ID {
		t.Fatalf("by name: %+v %v", got, err)
	}
	// Check-ins inside the challenge but before joining do not count.
	CheckIn(t, db, "a", testDay-5, 10)
	CheckIn(t, db, "a", testDay-4, 6)
	CheckIn(t, db, "a", testDay-4, 4) // two sessions reach the target
	CheckIn(t, db, "a", testDay-2, 30)
	if joined, err := db.JoinChallenge(ctx, c.ID, "a", testDay-3); err != nil || !joined {
		t.Fatalf("join: %v %v", joined, err)
	}
	if joined, err := db.JoinChallenge(ctx, c.ID, "a", testDay); err != nil || joined {
		t.Fatalf("join twice: %v %v", joined, err)
	}
	for _, u := range []string{"b", "c"} {
		if _, err := db.JoinChallenge(ctx, c.ID, u, testDay-5); err != nil {
			t.Fatal(err)
		}
	}
	CheckIn(t, db, "a", testDay-1, 9) // below target
	CheckIn(t, db, "b", testDay-1, 15)
	CheckIn(t, db, "b", testDay, 15)
	undo := CheckIn(t, db, "c", testDay, 12)
	CheckIn(t, db, "a", testDay+20, 50) // after the end: ignored

	// Progress agrees with clubbot.ChallengeProgress over the check-ins.
	for _, u := range []string{"a", "b", "c"} {
		p, err := db.Progress(ctx, c.ID, u, testDay)
		if err != nil {
			t.Fatal(err)
		}
		want := clubbot.ChallengeProgress(c, p.Joined, minutesByDay(t, db, u), testDay)
		if p.Progress != want {
			t.Errorf("%s: %+v, want %+v", u, p.Progress, want)
		}
	}
	if q, n, _ := db.GroupConsistency(ctx, c.ID, testDay-1); q != 1 || n != 3 {
		t.Errorf("group consistency yesterday %d/%d, want 1/3", q, n)
	}
	if q, _, _ := db.GroupConsistency(ctx, c.ID, testDay); q != 2 {
		t.Errorf("qualified today %d, want 2", q)
	}
	// Undo takes the day back out of the challenge.
	if _, err := db.UndoCheckIn(ctx, "g", "c", undo.CheckIn.ID); err != nil {
		t.Fatal(err)
	}
	if q, _, _ := db.GroupConsistency(ctx, c.ID, testDay); q != 1 {
		t.Errorf("qualified today after undo %d, want 1", q)
	}
	board, err := db.ChallengeLeaderboard(ctx, c.ID, testDay, "c")
	if err != nil {
		t.Fatal(err)
	}
	// a's days before joining do not count: one qualifying day; b has two.
	if board.Total != 3 || board.Top[0].UserID != "b" || board.Top[0].QualifyingDays != 2 || board.Top[1].UserID != "a" ||
		board.Top[1].QualifyingDays != 1 || board.Asker.Rank != 3 {
		t.Errorf("challenge board %+v", board.Top)
	}
	ps, _ := db.Participants(ctx, c.ID, testDay)
	if len(ps) != 3 || ps[0].UserID != "b" || ps[2].UserID != "c" {
		t.Errorf("participants order %+v", ps)
	}
	if err := db.LeaveChallenge(ctx, c.ID, "c", testDay); err != nil {
		t.Fatal(err)
	}
	if err := db.LeaveChallenge(ctx, c.ID, "c", testDay); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("leave twice: %v", err)
	}
	if _, err := db.Progress(ctx, c.ID, "c", testDay); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("progress after leaving: %v", err)
	}
	if list, _ := db.Challenges(ctx, "g", testDay, false); len(list) != 1 {
		t.Errorf("running challenges %d, want 1", len(list))
	}
	if err := db.EndChallenge(ctx, c.ID, "admin2", testDay); err != nil {
		t.Fatal(err)
	}
	if err := db.EndChallenge(ctx, c.ID, "admin2", testDay); !errors.Is(err, clubbot.ErrConflict) {
		t.Errorf("end twice: %v", err)
	}
	ended, _ := db.ChallengeByID(ctx, c.ID)
	if !ended.Ended || ended.EndedBy != "admin2" {
		t.Errorf("ended: %+v", ended)
	}
	if list, _ := db.Challenges(ctx, "g", testDay, false); len(list) != 0 {
		t.Errorf("running after end: %d", len(list))
	}
	if list, _ := db.Challenges(ctx, "g", testDay, true); len(list) != 1 {
		t.Errorf("all challenges: %d", len(list))
	}
	if _, err := db.JoinChallenge(ctx, c.ID, "late", testDay); !errors.Is(err, clubbot.ErrConflict) {
		t.Errorf("join ended challenge: %v", err)
	}
	// The name is free again once the challenge is over.
	if _, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "March feet", Start: testDay + 1,
		Days: 5, DailyMinutes: 5, CreatedBy: "admin"}); err != nil {
		t.Errorf("reuse name: %v", err)
	}
	if _, err := db.ChallengeByID(ctx, 999); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("unknown id: %v", err)
	}
}

func testSettingsAndMembers(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	s, err := db.Settings(ctx, "g")
	if err != nil || s != clubbot.DefaultSettings("g") {
		t.Fatalf("defaults: %+v %v", s, err)
	}
	s.ChannelID, s.TimeZone, s.CheckinTime, s.LeaderboardDay = "c1", "Asia/Kathmandu", 6*60+30, time.Monday
	if err := db.SaveSettings(ctx, s); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.Settings(ctx, "g"); got != s {
		t.Errorf("settings %+v, want %+v", got, s)
	}
	bad := s
	bad.TimeZone = "Mars/Olympus"
	if err := db.SaveSettings(ctx, bad); !errors.Is(err, clubbot.ErrInvalid) {
		t.Errorf("bad zone: %v", err)
	}
	db.SaveSettings(ctx, clubbot.DefaultSettings("quiet")) // no channel: not scheduled
	all, _ := db.AllSettings(ctx)
	if len(all) != 1 || all[0].GuildID != "g" {
		t.Errorf("all settings %+v", all)
	}
	m, err := db.Member(ctx, "g", "u")
	if err != nil || m != (clubbot.Member{GuildID: "g", UserID: "u"}) {
		t.Fatalf("default member %+v %v", m, err)
	}
	CheckIn(t, db, "u", testDay, 10) // the first check-in makes the row
	m, _ = db.Member(ctx, "g", "u")
	if m.JoinedAt.IsZero() {
		t.Fatal("no joined time after the first check-in")
	}
	m.TimeZone, m.Reminders, m.Hidden = "America/New_York", true, true
	if err := db.SaveMember(ctx, m); err != nil {
		t.Fatal(err)
	}
	got, _ := db.Member(ctx, "g", "u")
	if got != m {
		t.Errorf("member %+v, want %+v", got, m)
	}
	if st, _ := db.Stats(ctx, "g", "u", testDay); st.TotalDays != 1 {
		t.Errorf("saving settings lost totals: %+v", st)
	}
}

// TestReminderMembers: the opted-in members with their zone, own reminder
// time, latest run and challenge parts; clubbot.ReminderDue decides.
func testReminderMembers(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 1, Days: 5,
		DailyMinutes: 5, CreatedBy: "admin"})
	old, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "old", Start: testDay - 30, Days: 5,
		DailyMinutes: 5, CreatedBy: "admin"})
	for _, u := range []string{"in-done", "in-todo", "in-noreminders", "left"} {
		db.JoinChallenge(ctx, c.ID, u, testDay-1)
	}
	db.JoinChallenge(ctx, old.ID, "in-todo", testDay-30)
	if err := db.LeaveChallenge(ctx, c.ID, "left", testDay); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"in-done", "in-todo", "out", "left"} {
		m := clubbot.Member{GuildID: "g", UserID: u, Reminders: true}
		if u == "in-todo" {
			m.TimeZone, m.ReminderTime, m.OwnReminderTime = "Asia/Kathmandu", 7*60+30, true
		}
		if err := db.SaveMember(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	CheckIn(t, db, "in-done", testDay, 5)
	CheckIn(t, db, "out", testDay-2, 5)
	CheckIn(t, db, "out", testDay-1, 5)
	got, err := db.ReminderMembers(ctx, "g", testDay-2)
	if err != nil {
		t.Fatal(err)
	}
	byUser := map[string]clubbot.ReminderMember{}
	for _, m := range got {
		byUser[m.UserID] = m
	}
	if len(got) != 4 || byUser["in-noreminders"].UserID != "" {
		t.Fatalf("reminder members %+v", got)
	}
	todo := byUser["in-todo"]
	if todo.TimeZone != "Asia/Kathmandu" || !todo.OwnReminderTime || todo.ReminderTime != 7*60+30 || todo.HasCheckIns {
		t.Errorf("in-todo %+v", todo)
	}
	if len(todo.Challenges) != 1 || todo.Challenges[0].Challenge.ID != c.ID || !todo.Challenges[0].Participation.TakesPart(c, testDay) {
		t.Errorf("in-todo's challenges %+v (the old challenge is over)", todo.Challenges)
	}
	if out := byUser["out"]; out.OwnReminderTime || !out.HasCheckIns || out.LastDay != testDay-1 || out.RunStart != testDay-2 || len(out.Challenges) != 0 {
		t.Errorf("out %+v", out)
	}
	if l := byUser["left"]; len(l.Challenges) != 1 || l.Challenges[0].Participation.Left != testDay || l.Challenges[0].Participation.TakesPart(c, testDay) {
		t.Errorf("left %+v", l.Challenges)
	}
	if done := byUser["in-done"]; done.LastDay != testDay {
		t.Errorf("in-done %+v", done)
	}
	// The default again: NULL, the server's time.
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "in-todo", Reminders: true}); err != nil {
		t.Fatal(err)
	}
	if m, _ := db.Member(ctx, "g", "in-todo"); m.OwnReminderTime {
		t.Errorf("reminder time kept after going back to the default: %+v", m)
	}
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "x", OwnReminderTime: true, ReminderTime: 24 * 60}); !errors.Is(err, clubbot.ErrInvalid) {
		t.Errorf("reminder time 24:00: %v", err)
	}
}

// TestLeaveAndRejoinKeepsDays: a member who leaves and joins again keeps
// the qualifying days already earned (issue 11: day 1 was gone).
func testLeaveAndRejoinKeepsDays(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 2, Days: 10,
		DailyMinutes: 10, CreatedBy: "admin"})
	if _, err := db.JoinChallenge(ctx, c.ID, "ann", testDay-2); err != nil {
		t.Fatal(err)
	}
	CheckIn(t, db, "ann", testDay-2, 10)
	CheckIn(t, db, "ann", testDay-1, 10)
	if err := db.LeaveChallenge(ctx, c.ID, "ann", testDay-1); err != nil {
		t.Fatal(err)
	}
	if ps, _ := db.Participants(ctx, c.ID, testDay); len(ps) != 0 {
		t.Errorf("participants after leaving %+v", ps)
	}
	if joined, err := db.JoinChallenge(ctx, c.ID, "ann", testDay); err != nil || !joined {
		t.Fatalf("join again: %v %v", joined, err)
	}
	p, err := db.Progress(ctx, c.ID, "ann", testDay)
	if err != nil {
		t.Fatal(err)
	}
	if p.Progress.QualifyingDays != 2 || p.Joined != testDay-2 {
		t.Errorf("after joining again: %d qualifying days, joined %s; want 2 from %s", p.Progress.QualifyingDays, p.Joined, testDay-2)
	}
	if joined, err := db.JoinChallenge(ctx, c.ID, "ann", testDay); err != nil || joined {
		t.Errorf("join a third time: %v %v, want already in", joined, err)
	}
}

// TestGroupConsistencyTakingPart: a day's counts are over the members taking
// part that day (issue 11: "1 of 2" became "1 of 3" when someone joined today).
func testGroupConsistencyTakingPart(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 3, Days: 10,
		DailyMinutes: 10, CreatedBy: "admin"})
	for _, u := range []string{"ann", "bob", "dan", "eve"} {
		db.JoinChallenge(ctx, c.ID, u, testDay-3)
	}
	CheckIn(t, db, "ann", testDay-1, 10)
	CheckIn(t, db, "dan", testDay-2, 10)
	CheckIn(t, db, "eve", testDay-3, 10)
	CheckIn(t, db, "eve", testDay-2, 10)
	if err := db.LeaveChallenge(ctx, c.ID, "dan", testDay-1); err != nil {
		t.Fatal(err)
	}
	// eve leaves on testDay-2 and is back today: away two days.
	if err := db.LeaveChallenge(ctx, c.ID, "eve", testDay-2); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"cat", "eve"} { // join today
		if _, err := db.JoinChallenge(ctx, c.ID, u, testDay); err != nil {
			t.Fatal(err)
		}
	}
	for _, tt := range []struct {
		day     clubbot.Day
		q, take int
	}{
		{testDay - 3, 1, 4}, // all four; eve qualified
		{testDay - 2, 1, 3}, // dan still in, and qualified; eve away
		{testDay - 1, 1, 2}, // dan left that day; eve away; cat not yet in
		{testDay, 0, 4},     // ann, bob, cat, eve
	} {
		if q, n, err := db.GroupConsistency(ctx, c.ID, tt.day); err != nil || q != tt.q || n != tt.take {
			t.Errorf("%s: %d of %d (%v), want %d of %d", tt.day, q, n, err, tt.q, tt.take)
		}
	}
	// eve's own progress keeps both days she earned.
	if p, err := db.Progress(ctx, c.ID, "eve", testDay); err != nil || p.Progress.QualifyingDays != 2 {
		t.Errorf("eve's progress %+v %v, want 2 qualifying days", p.Progress, err)
	}
}

// TestFixUndoAndNotice: an admin's fix can be undone by that admin only, in
// that server only; the member is told of it once.
func testFixUndoAndNotice(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	fix := func(day clubbot.Day, minutes int) clubbot.CheckInResult {
		t.Helper()
		res, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "ann", EnteredBy: "boss", Day: day, Minutes: minutes}, testDay)
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := fix(testDay-5, 30)
	b := fix(testDay-4, 20)
	CheckIn(t, db, "ann", testDay, 10) // her own: no notice
	for _, other := range []struct{ guild, admin string }{{"g", "ann"}, {"g", "boss2"}, {"other", "boss"}} {
		if _, err := db.UndoEntered(ctx, other.guild, other.admin, a.CheckIn.ID); !errors.Is(err, clubbot.ErrNotFound) {
			t.Errorf("undo by %s in %s: %v, want ErrNotFound", other.admin, other.guild, err)
		}
	}
	if _, err := db.UndoEntered(ctx, "g", "boss", b.CheckIn.ID); err != nil {
		t.Fatal(err)
	}
	if st, _ := db.Stats(ctx, "g", "ann", testDay); st.TotalDays != 2 {
		t.Errorf("after undo: %d days, want 2", st.TotalDays)
	}
	got, err := db.TakeFixNotices(ctx, "g", "ann")
	if err != nil || len(got) != 1 || got[0].ID != a.CheckIn.ID || got[0].Minutes != 30 || got[0].Day != testDay-5 {
		t.Fatalf("notices %+v %v, want the 30 min fix only (the other was undone)", got, err)
	}
	if again, err := db.TakeFixNotices(ctx, "g", "ann"); err != nil || len(again) != 0 {
		t.Errorf("notices a second time %+v %v", again, err)
	}
	if none, err := db.TakeFixNotices(ctx, "g", "boss"); err != nil || len(none) != 0 {
		t.Errorf("the admin's notices %+v %v", none, err)
	}
}

func testFAQ(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	e, err := db.AddFAQ(ctx, store.FAQEntry{GuildID: "g", Question: "When is the club run?", Answer: "Sundays at 8.", CreatedBy: "admin"})
	if err != nil || e.ID == 0 {
		t.Fatalf("add: %+v %v", e, err)
	}
	db.AddFAQ(ctx, store.FAQEntry{GuildID: "other", Question: "Q?", Answer: "A."})
	if _, err := db.AddFAQ(ctx, store.FAQEntry{GuildID: "g", Question: " ", Answer: "x"}); !errors.Is(err, clubbot.ErrInvalid) {
		t.Errorf("empty question: %v", err)
	}
	es, _ := db.FAQEntries(ctx, "g")
	if len(es) != 1 || es[0].Question != e.Question || es[0].Answer != e.Answer {
		t.Fatalf("entries %+v", es)
	}
	if err := db.RemoveFAQ(ctx, "other", e.ID); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("remove from another server: %v", err)
	}
	if err := db.RemoveFAQ(ctx, "g", e.ID); err != nil {
		t.Fatal(err)
	}
	if es, _ := db.FAQEntries(ctx, "g"); len(es) != 0 {
		t.Errorf("after remove: %+v", es)
	}

	// Questions and gaps: rephrasings that differ in case and punctuation group.
	for i, q := range []string{"Can I massage a blister?", "can i massage a BLISTER", "Is ice better than heat?",
		"Can I massage a blister??", "How long per foot?"} {
		answered := q == "How long per foot?"
		if _, err := db.LogQuestion(ctx, "g", fmt.Sprintf("u%d", i), q, answered); err != nil {
			t.Fatal(err)
		}
	}
	gaps, err := db.Gaps(ctx, "g", 10)
	if err != nil || len(gaps) != 2 || gaps[0].Count != 3 || gaps[0].Question != "Can I massage a blister??" || gaps[1].Count != 1 {
		t.Fatalf("gaps %+v %v", gaps, err)
	}
	if gaps, _ := db.Gaps(ctx, "g", 1); len(gaps) != 1 {
		t.Errorf("limit: %d", len(gaps))
	}

	qid, _ := db.LogQuestion(ctx, "g", "u9", "How hard should I press?", true)
	mustOK(t, db.Feedback(ctx, "g", qid, "a", true))
	mustOK(t, db.Feedback(ctx, "g", qid, "b", true))
	mustOK(t, db.Feedback(ctx, "g", qid, "b", false)) // the last verdict wins
	if h, n, _ := db.FeedbackCounts(ctx, qid); h != 1 || n != 1 {
		t.Errorf("feedback %d/%d, want 1/1", h, n)
	}
	// Another server's question is refused like an unknown one.
	if err := db.Feedback(ctx, "other", qid, "a", true); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("feedback from another server: %v, want ErrNotFound", err)
	}
	if err := db.Feedback(ctx, "g", 12345, "a", true); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("feedback on unknown question: %v", err)
	}
}

func testFAQGuilds(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	if gs, err := db.FAQGuilds(ctx); err != nil || len(gs) != 0 {
		t.Fatalf("empty: %v %v", gs, err)
	}
	for _, g := range []string{"g2", "g1", "g2"} {
		if _, err := db.AddFAQ(ctx, store.FAQEntry{GuildID: g, Question: "Q?", Answer: "A."}); err != nil {
			t.Fatal(err)
		}
	}
	// Settings alone do not make a server listed.
	db.SaveSettings(ctx, clubbot.Settings{GuildID: "g3", ChannelID: "c", CheckinTime: 1})
	gs, err := db.FAQGuilds(ctx)
	if err != nil || fmt.Sprint(gs) != "[g1 g2]" {
		t.Fatalf("faq servers %v %v, want [g1 g2]", gs, err)
	}
}

// TestEndChallengeEarly: ending a challenge makes the ending day its last, so
// progress, finishers and Over stop there, and later check-ins do not count.
func testEndChallengeEarly(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "long", Start: testDay - 5,
		Days: 20, DailyMinutes: 10, GraceDays: 2, CreatedBy: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"a", "b"} {
		if _, err := db.JoinChallenge(ctx, c.ID, u, c.Start-1); err != nil {
			t.Fatal(err)
		}
	}
	for d := c.Start; d <= testDay+1; d++ { // testDay+1: a's zone is a day ahead
		CheckIn(t, db, "a", d, 10)
	}
	for _, d := range []clubbot.Day{c.Start, c.Start + 2, testDay} {
		CheckIn(t, db, "b", d, 15)
	}
	if err := db.EndChallenge(ctx, c.ID, "admin", testDay); err != nil {
		t.Fatal(err)
	}
	ended, _ := db.ChallengeByID(ctx, c.ID)
	if ended.End() != testDay || ended.Days != 6 || ended.GraceDays != 2 || !ended.Ended || ended.EndedBy != "admin" {
		t.Fatalf("ended challenge %+v, want its last day %s", ended, testDay)
	}
	if ended.Running(testDay) || !ended.Over(testDay) {
		t.Errorf("ended challenge running %v, over %v", ended.Running(testDay), ended.Over(testDay))
	}
	CheckIn(t, db, "b", testDay+2, 30) // after the end: does not count
	for _, today := range []clubbot.Day{testDay, testDay + 3} {
		for u, wantDays := range map[string]int{"a": 6, "b": 3} {
			p, err := db.Progress(ctx, c.ID, u, today)
			if err != nil {
				t.Fatal(err)
			}
			want := clubbot.ChallengeProgress(ended, p.Joined, minutesByDay(t, db, u), today)
			if p.Progress != want || p.Progress.QualifyingDays != wantDays {
				t.Errorf("%s on %s: %+v, want %+v", u, today, p.Progress, want)
			}
			if finisher := u == "a"; p.Progress.Finisher != finisher {
				t.Errorf("%s finisher %v, want %v", u, p.Progress.Finisher, finisher)
			}
		}
	}
	if a, _ := db.Progress(ctx, c.ID, "a", testDay+3); a.Progress.Minutes != 60 {
		t.Errorf("a's minutes %d, want 60 (the day after the end left out)", a.Progress.Minutes)
	}
	if q, n, _ := db.GroupConsistency(ctx, c.ID, testDay+1); q != 0 || n != 0 {
		t.Errorf("group consistency after the end %d/%d, want 0/0: nobody takes part", q, n)
	}

	// Ended before it started: no days, nobody finishes.
	early, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "later", Start: testDay + 3,
		Days: 10, DailyMinutes: 5, GraceDays: 3, CreatedBy: "admin"})
	db.JoinChallenge(ctx, early.ID, "a", testDay)
	if err := db.EndChallenge(ctx, early.ID, "admin", testDay); err != nil {
		t.Fatal(err)
	}
	early, _ = db.ChallengeByID(ctx, early.ID)
	if early.Days != 0 || early.GraceDays != 0 || !early.Over(testDay) {
		t.Errorf("ended before the start: %+v", early)
	}
	CheckIn(t, db, "a", testDay+3, 30)
	if p, _ := db.Progress(ctx, early.ID, "a", testDay+5); p.Progress != (clubbot.Progress{}) {
		t.Errorf("progress in a challenge ended before its start: %+v", p.Progress)
	}
	// Ended on its second day: the grace days shrink below the days left.
	short, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "short", Start: testDay - 1,
		Days: 10, DailyMinutes: 5, GraceDays: 3, CreatedBy: "admin"})
	if err := db.EndChallenge(ctx, short.ID, "admin", testDay); err != nil {
		t.Fatal(err)
	}
	if short, _ = db.ChallengeByID(ctx, short.ID); short.Days != 2 || short.GraceDays != 1 {
		t.Errorf("ended on day 2: %+v", short)
	}
	if err := db.EndChallenge(ctx, 999, "admin", testDay); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("end unknown: %v", err)
	}
}

// TestCheckInResultMatchesStats: the day total and streak RecordCheckIn
// returns agree with what the database holds afterwards, for check-ins in and out of day order, several a day, and
// duplicates.
func testCheckInResultMatchesStats(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	rng := rand.New(rand.NewSource(3))
	var last clubbot.CheckIn
	for step := 0; step < 300; step++ {
		u := []string{"a", "b"}[rng.Intn(2)]
		today := testDay + clubbot.Day(step/20)
		day := today
		if rng.Intn(4) == 0 {
			day = today - clubbot.Day(rng.Intn(10))
		}
		c := clubbot.CheckIn{GuildID: "g", UserID: u, Day: day, Minutes: 1 + rng.Intn(40), InteractionID: NextID()}
		if rng.Intn(10) == 0 && last.UserID != "" {
			c = last // redelivered
		}
		r, err := db.RecordCheckIn(ctx, c, today)
		if err != nil {
			t.Fatal(err)
		}
		last = c
		st, err := db.Stats(ctx, "g", c.UserID, today)
		if err != nil {
			t.Fatal(err)
		}
		h, err := db.History(ctx, "g", c.UserID, r.CheckIn.Day, r.CheckIn.Day)
		if err != nil || len(h) != 1 {
			t.Fatalf("history of %s: %v %v", r.CheckIn.Day, h, err)
		}
		if r.Streak != st.Streak || r.Day != h[0] {
			t.Fatalf("step %d (%+v, duplicate %v): result streak %+v day %+v; stored streak %+v day %+v",
				step, c, r.Duplicate, r.Streak, r.Day, st.Streak, h[0])
		}
	}
}

func testBreaksPlanCancel(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	week := clubbot.Break{From: testDay + 1, To: testDay + 7, Reason: "holiday"}
	mustOK(t, db.PlanBreak(ctx, "g", "u", week, testDay))
	if err := db.PlanBreak(ctx, "g", "u", clubbot.Break{From: testDay + 7, To: testDay + 9}, testDay); !errors.Is(err, clubbot.ErrConflict) {
		t.Fatalf("overlapping break: %v, want ErrConflict", err)
	}
	if err := db.PlanBreak(ctx, "g", "u", clubbot.Break{From: testDay, To: testDay + 2}, testDay); !errors.Is(err, clubbot.ErrInvalid) {
		t.Fatalf("break starting today: %v, want ErrInvalid", err)
	}
	later := clubbot.Break{From: testDay + 20, To: testDay + 22}
	mustOK(t, db.PlanBreak(ctx, "g", "u", later, testDay))
	mustOK(t, db.PlanBreak(ctx, "g", "v", clubbot.Break{From: testDay + 1, To: testDay + 2}, testDay)) // another member's: no clash
	bs, err := db.Breaks(ctx, "g", "u")
	mustOK(t, err)
	if fmt.Sprint(bs) != fmt.Sprint([]clubbot.Break{week, later}) {
		t.Fatalf("breaks %v, want %v", bs, []clubbot.Break{week, later})
	}
	// Running on its third day: cancelling ends it today.
	was, err := db.CancelBreak(ctx, "g", "u", testDay+3)
	mustOK(t, err)
	if was != week {
		t.Fatalf("cancelled %v, want %v", was, week)
	}
	// A second cancel the same day takes the planned one whole (the ended
	// break cannot change any more), and nothing is left to cancel, that
	// day or the next.
	if was, err = db.CancelBreak(ctx, "g", "u", testDay+3); err != nil || was != later {
		t.Fatalf("second cancel: %v %v, want %v", was, err, later)
	}
	for _, d := range []clubbot.Day{testDay + 3, testDay + 4} {
		if _, err := db.CancelBreak(ctx, "g", "u", d); !errors.Is(err, clubbot.ErrNotFound) {
			t.Fatalf("nothing to cancel on %s: %v, want ErrNotFound", d, err)
		}
	}
	bs, err = db.Breaks(ctx, "g", "u")
	mustOK(t, err)
	if want := []clubbot.Break{{From: testDay + 1, To: testDay + 3, Reason: "holiday"}}; fmt.Sprint(bs) != fmt.Sprint(want) {
		t.Fatalf("after cancels %v, want %v", bs, want)
	}
	// DeleteMember takes the breaks with it.
	mustOK(t, db.DeleteMember(ctx, "g", "u"))
	if bs, err = db.Breaks(ctx, "g", "u"); err != nil || len(bs) != 0 {
		t.Fatalf("after delete: %v %v", bs, err)
	}
}

func testFreezesToldOnceAndMaxFreezes(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	// Each check-in on its own day, as members make them.
	checkIn := func(d clubbot.Day, minutes int) clubbot.CheckInResult {
		t.Helper()
		r, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", Day: d, Minutes: minutes, InteractionID: NextID()}, d)
		mustOK(t, err)
		return r
	}
	start := testDay - 9
	for d := start; d < start+7; d++ { // 7 days: one freeze earned
		checkIn(d, 10)
	}
	// start+7 missed: the freeze covers it, the streak goes on at 8.
	r := checkIn(start+8, 10)
	if r.Streak.Current != 8 || r.State.Freezes != 0 || fmt.Sprint(r.State.Frozen) != fmt.Sprint([]clubbot.Day{start + 7}) {
		t.Fatalf("after a frozen day: %+v", r.State)
	}
	if n := clubbot.FreezeNotice(r.State, 0); !strings.Contains(n, "🧊 a freeze covered") || !strings.Contains(n, "0 left") {
		t.Fatalf("notice %q", n)
	}
	st, err := db.Stats(ctx, "g", "u", start+8)
	mustOK(t, err)
	if st.FreezeTold != start+7 || clubbot.FreezeNotice(st.State, st.FreezeTold+1) != "" {
		t.Fatalf("told %s, notice %q: told twice", st.FreezeTold, clubbot.FreezeNotice(st.State, st.FreezeTold+1))
	}
	if r := checkIn(start+8, 5); len(r.State.Frozen) != 0 {
		t.Fatalf("second session told again: %+v", r.State)
	}
	// With freezes off the stored streak is recomputed: start+7 breaks it.
	s, err := db.Settings(ctx, "g")
	mustOK(t, err)
	if s.MaxFreezes != clubbot.DefaultMaxFreezes {
		t.Fatalf("default max-freezes %d", s.MaxFreezes)
	}
	s.MaxFreezes = 0
	mustOK(t, db.SaveSettings(ctx, s))
	if s, _ = db.Settings(ctx, "g"); s.MaxFreezes != 0 {
		t.Fatalf("max-freezes not saved: %d", s.MaxFreezes)
	}
	b, err := db.Leaderboard(ctx, "g", clubbot.All, start+8, "u")
	mustOK(t, err)
	if b.Asker.CurrentStreak != 1 {
		t.Fatalf("board streak with freezes off: %d, want 1", b.Asker.CurrentStreak)
	}
	mustOK(t, db.MarkFreezesTold(ctx, "g", "u", start+8))
	if st, _ = db.Stats(ctx, "g", "u", start+8); st.FreezeTold != start+8 || st.Streak.Current != 1 {
		t.Fatalf("after mark: %+v", st)
	}
}
