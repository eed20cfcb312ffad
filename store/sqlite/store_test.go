package sqlite

import (
	"clubbot/store"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"clubbot"
)

// testDay is "today" in the tests: Wednesday 2026-03-11.
var testDay = clubbot.DayFromDate(2026, time.March, 11)

// testClock is a movable clock for db.Now.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(time.Millisecond) // every reading is later: joined order is total
	return c.t
}

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
	clock := &testClock{t: testDay.Start(time.UTC).Add(12 * time.Hour)}
	db.Now = clock.Now
	t.Cleanup(func() {
		if err := db.Close(); err != nil {
			t.Error(err)
		}
	})
	return db, path
}

var idSeq struct {
	sync.Mutex
	n int64
}

// nextID returns a fresh snowflake-like interaction id.
func nextID() string {
	idSeq.Lock()
	defer idSeq.Unlock()
	idSeq.n++
	return fmt.Sprint(snowflakeBase + idSeq.n)
}

func checkIn(t *testing.T, db *DB, user string, day clubbot.Day, minutes int) clubbot.CheckInResult {
	t.Helper()
	r, err := db.RecordCheckIn(context.Background(), clubbot.CheckIn{GuildID: "g", UserID: user, Day: day,
		Minutes: minutes, InteractionID: nextID()}, testDay)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestMigrationsFromEmptyAndReopen(t *testing.T) {
	ctx := context.Background()
	db, path := openTest(t)
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	want := ms[len(ms)-1].version
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
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	for i, m := range ms {
		if m.version != i+1 {
			t.Errorf("migration %s has version %d, want %d (no gaps)", m.name, m.version, i+1)
		}
	}
}

func TestRecordCheckInIdempotent(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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

func TestRecordCheckInSourceOncePerMember(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	c := clubbot.CheckIn{GuildID: "g", UserID: "u1", Day: testDay, Minutes: 10, Source: "post:99", InteractionID: nextID()}
	if r, err := db.RecordCheckIn(ctx, c, testDay); err != nil || r.Duplicate {
		t.Fatalf("first click: %+v %v", r, err)
	}
	c.InteractionID = nextID() // a second click is a new interaction
	c.Minutes = 20
	r, err := db.RecordCheckIn(ctx, c, testDay)
	if err != nil || !r.Duplicate || r.CheckIn.Minutes != 10 {
		t.Fatalf("second click: %+v %v", r, err)
	}
	// Another member's click on the same post counts.
	c.UserID, c.InteractionID = "u2", nextID()
	if r, err := db.RecordCheckIn(ctx, c, testDay); err != nil || r.Duplicate {
		t.Fatalf("other member: %+v %v", r, err)
	}
	if n, _ := db.CheckedInCount(ctx, "g", testDay); n != 2 {
		t.Errorf("checked in %d, want 2", n)
	}
}

func TestRecordCheckInValidates(t *testing.T) {
	db, _ := openTest(t)
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

func TestConcurrentCheckIns(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
				Day: testDay, Minutes: 5, InteractionID: nextID()}, testDay)
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
	var rows, sessions int
	db.reader.QueryRow(`SELECT count(*) FROM checkins`).Scan(&rows)
	db.reader.QueryRow(`SELECT sum(sessions) FROM member_days`).Scan(&sessions)
	if rows != n || sessions != n {
		t.Fatalf("%d check-ins, %d sessions; want %d", rows, sessions, n)
	}
	if c, _ := db.CheckedInCount(ctx, "g", testDay); c != 50 {
		t.Errorf("checked in %d, want 50", c)
	}
}

func TestStreakYesterdayAndUndo(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	checkIn(t, db, "u", testDay-3, 10)
	checkIn(t, db, "u", testDay-2, 10)
	r := checkIn(t, db, "u", testDay, 10)
	if r.Streak.Current != 1 || r.Streak.Longest != 2 {
		t.Fatalf("before yesterday: %+v", r.Streak)
	}
	// Yesterday, entered after today: joins the runs (out-of-order day).
	y := checkIn(t, db, "u", testDay-1, 10)
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

// TestAggregatesMatchCheckIns records and undoes random check-ins, in and
// out of day order, and compares every aggregate with one recomputed from
// the check-ins by the domain rules.
func TestAggregatesMatchCheckIns(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
	joinedB := map[int64]clubbot.Day{}
	var ids []int64
	for step := 0; step < 400; step++ {
		u := users[rng.Intn(len(users))]
		if rng.Intn(5) == 0 && len(ids) > 0 {
			i := rng.Intn(len(ids))
			var owner string
			if err := db.reader.QueryRow(`SELECT user_id FROM checkins WHERE id = ?`, ids[i]).Scan(&owner); err != nil {
				t.Fatalf("owner of check-in %d: %v", ids[i], err)
			}
			if _, err := db.UndoCheckIn(ctx, "g", owner, ids[i]); err != nil {
				t.Fatal(err)
			}
			ids = append(ids[:i], ids[i+1:]...)
			continue
		}
		day := testDay - clubbot.Day(rng.Intn(70)) // mostly out of order
		if rng.Intn(3) == 0 {
			day = testDay - 70 + clubbot.Day(step/6) // runs forward too
		}
		r := checkIn(t, db, u, day, 1+rng.Intn(30))
		ids = append(ids, r.CheckIn.ID)
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
		err := eachRow(ctx, db.reader, func(s scanner) error {
			var d clubbot.Day
			var m int
			err := s.Scan(&d, &m)
			minutes[d] += m
			return err
		}, `SELECT day, minutes FROM checkins WHERE user_id = ?`, u)
		if err != nil {
			t.Fatalf("recount %s's check-ins: %v", u, err)
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
			want := clubbot.Streaks(days, today)
			if st.Streak != want || st.TotalDays != len(days) || st.TotalMinutes != total {
				t.Errorf("%s on %s: %+v, want streak %+v, %d days, %d minutes", u, today, st, want, len(days), total)
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
		// Challenge progress against clubbot.ChallengeProgress over the
		// same check-ins, on days during and after each challenge.
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
				want := clubbot.ChallengeProgress(c, joined, minutes, today)
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

func TestLeaderboardTiesAndHidden(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	// Monday..Wednesday of this week. a and b tie on days and streak; b has
	// more minutes. c and d tie on everything but joined first: c.
	for d := testDay - 2; d <= testDay; d++ {
		checkIn(t, db, "a", d, 10)
		checkIn(t, db, "b", d, 20)
	}
	checkIn(t, db, "c", testDay, 5)
	checkIn(t, db, "d", testDay, 5)
	checkIn(t, db, "hidden", testDay-1, 60)
	checkIn(t, db, "hidden", testDay, 60)
	checkIn(t, db, "hidden", testDay-2, 60)
	checkIn(t, db, "old", testDay-20, 30) // not this week
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
	checkIn(t, db, "a", testDay+5, 10) // next Monday
	board, _ = db.Leaderboard(ctx, "g", clubbot.Week, testDay, "a")
	if board.Asker.QualifyingDays != 3 || board.Asker.TotalMinutes != 30 {
		t.Errorf("a after next week's check-in: %+v", board.Asker)
	}
}

func TestChallenges(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
	checkIn(t, db, "a", testDay-5, 10)
	checkIn(t, db, "a", testDay-4, 6)
	checkIn(t, db, "a", testDay-4, 4) // two sessions reach the target
	checkIn(t, db, "a", testDay-2, 30)
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
	checkIn(t, db, "a", testDay-1, 9) // below target
	checkIn(t, db, "b", testDay-1, 15)
	checkIn(t, db, "b", testDay, 15)
	undo := checkIn(t, db, "c", testDay, 12)
	checkIn(t, db, "a", testDay+20, 50) // after the end: ignored

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

func minutesByDay(t *testing.T, db *DB, user string) map[clubbot.Day]int {
	t.Helper()
	out := map[clubbot.Day]int{}
	rows, err := db.reader.Query(`SELECT day, minutes FROM checkins WHERE user_id = ?`, user)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var d clubbot.Day
		var m int
		rows.Scan(&d, &m)
		out[d] += m
	}
	return out
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
		got := clubbot.ProgressOf(c, joined, qualifiedOn(c.Start, string(q)), total, today)
		want := clubbot.ChallengeProgress(c, joined, minutes, today)
		if got != want {
			t.Fatalf("case %d %+v joined %d today %d: %+v, want %+v", i, c, joined, today, got, want)
		}
	}
}

// race runs try from twenty goroutines, half on each of two handles to one
// file (two processes), and counts the calls that returned true.
func race(t *testing.T, db1, db2 *DB, try func(*DB) (bool, error)) int {
	t.Helper()
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			db := db1
			if i%2 == 1 {
				db = db2
			}
			ok, err := try(db)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}(i)
	}
	wg.Wait()
	return wins
}

func TestClaimPostOnceAcrossHandles(t *testing.T) {
	ctx := context.Background()
	db1, path := openTest(t)
	db2 := openAgain(t, path)
	// Two processes, many goroutines each, racing for the same posts.
	for _, key := range []string{"2026-03-11", "2026-03-12", "2026-03-13"} {
		wins := race(t, db1, db2, func(db *DB) (bool, error) { return db.ClaimPost(ctx, "g", "daily", key) })
		if wins != 1 {
			t.Fatalf("%s claimed %d times, want once", key, wins)
		}
	}
	// A restart: a new handle cannot claim it again.
	db1.Close()
	db3, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db3.Close()
	if ok, err := db3.ClaimPost(ctx, "g", "daily", "2026-03-11"); ok || err != nil {
		t.Fatalf("claim after restart: %v %v", ok, err)
	}
	if err := db3.SetPostMessage(ctx, "g", "daily", "2026-03-11", "chan", "msg1"); err != nil {
		t.Fatal(err)
	}
	p, err := db2.PostByMessage(ctx, "msg1")
	if err != nil || p.Key != "2026-03-11" || p.ChannelID != "chan" {
		t.Fatalf("post by message: %+v %v", p, err)
	}
	if _, err := db2.PostByMessage(ctx, "nope"); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("unknown message: %v", err)
	}
	if err := db2.SetPostMessage(ctx, "g", "daily", "never", "c", "m"); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("set message of unclaimed post: %v", err)
	}
}

func TestSettingsAndMembers(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
	checkIn(t, db, "u", testDay, 10) // the first check-in makes the row
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
func TestReminderMembers(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
	checkIn(t, db, "in-done", testDay, 5)
	checkIn(t, db, "out", testDay-2, 5)
	checkIn(t, db, "out", testDay-1, 5)
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
func TestLeaveAndRejoinKeepsDays(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 2, Days: 10,
		DailyMinutes: 10, CreatedBy: "admin"})
	if _, err := db.JoinChallenge(ctx, c.ID, "ann", testDay-2); err != nil {
		t.Fatal(err)
	}
	checkIn(t, db, "ann", testDay-2, 10)
	checkIn(t, db, "ann", testDay-1, 10)
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
func TestGroupConsistencyTakingPart(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 3, Days: 10,
		DailyMinutes: 10, CreatedBy: "admin"})
	for _, u := range []string{"ann", "bob", "dan", "eve"} {
		db.JoinChallenge(ctx, c.ID, u, testDay-3)
	}
	checkIn(t, db, "ann", testDay-1, 10)
	checkIn(t, db, "dan", testDay-2, 10)
	checkIn(t, db, "eve", testDay-3, 10)
	checkIn(t, db, "eve", testDay-2, 10)
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
func TestFixUndoAndNotice(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
	checkIn(t, db, "ann", testDay, 10) // her own: no notice
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

func TestExportThenDeleteMember(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	checkIn(t, db, "u", testDay-1, 10)
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", Day: testDay, Minutes: 20,
		Note: "=HYPERLINK(\"http://evil\")", Tool: "roller", InteractionID: nextID()}, testDay); err != nil {
		t.Fatal(err)
	}
	checkIn(t, db, "keep", testDay, 15)
	c, _ := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "c", Start: testDay - 1, Days: 5,
		DailyMinutes: 5, CreatedBy: "u"})
	db.JoinChallenge(ctx, c.ID, "u", testDay)
	db.JoinChallenge(ctx, c.ID, "keep", testDay)
	db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "u", TimeZone: "Europe/Paris"})
	qid, _ := db.LogQuestion(ctx, "g", "u", "Does rolling help plantar fasciitis?", true)
	mustOK(t, db.Feedback(ctx, "g", qid, "u", true))
	mustOK(t, db.Feedback(ctx, "g", qid, "keep", false))
	// What u wrote beyond check-ins: an unanswered question (a gap), and
	// feedback on keep's question.
	const private = "I'm Jane Doe, diabetic, is rolling safe?"
	if _, err := db.LogQuestion(ctx, "g", "u", private, false); err != nil {
		t.Fatal(err)
	}
	keepQ, _ := db.LogQuestion(ctx, "g", "keep", "How long should I roll?", true)
	mustOK(t, db.Feedback(ctx, "g", keepQ, "u", true))
	// u as an admin: a fix of keep's day and an FAQ entry.
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "keep", EnteredBy: "u", Day: testDay - 3,
		Minutes: 5, InteractionID: nextID()}, testDay); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AddFAQ(ctx, store.FAQEntry{GuildID: "g", Question: "Where?", Answer: "Park.", CreatedBy: "u"}); err != nil {
		t.Fatal(err)
	}
	if gaps, _ := db.Gaps(ctx, "g", 10); len(gaps) != 1 || gaps[0].Question != private {
		t.Fatalf("gaps before the delete %+v", gaps)
	}

	var notes []string
	if err := db.ServerCheckIns(ctx, "g", func(c clubbot.CheckIn, _ map[string]string) error {
		notes = append(notes, c.Note)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(notes) != 4 || !slices.ContainsFunc(notes, func(n string) bool { return strings.HasPrefix(n, "=") }) {
		t.Fatalf("server check-ins' notes %q", notes)
	}

	ex, err := db.MemberData(ctx, "g", "u")
	if err != nil {
		t.Fatal(err)
	}
	if len(ex.CheckIns) != 2 || len(ex.Challenges) != 1 || len(ex.Questions) != 2 || len(ex.Feedback) != 2 ||
		ex.Member == nil || ex.Member.TimeZone != "Europe/Paris" {
		t.Fatalf("member data %+v", ex)
	}

	// An admin's fix for u, not yet shown to u: its notice goes too.
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: "u", EnteredBy: "boss", Day: testDay - 3,
		Minutes: 30}, testDay); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteMember(ctx, "g", "u"); err != nil {
		t.Fatal(err)
	}
	for table, where := range map[string]string{
		"fix_notices":  "user_id = 'u'",
		"checkins":     "user_id = 'u' OR entered_by = 'u'",
		"member_days":  "user_id = 'u'",
		"members":      "user_id = 'u'",
		"participants": "user_id = 'u'",
		"feedback":     "user_id = 'u'",
		"questions":    "user_id IN ('u', '') OR question LIKE '%diabetic%' OR question LIKE '%fasciitis%'",
		"challenges":   "created_by = 'u' OR ended_by = 'u'",
		"faq_entries":  "created_by = 'u'",
	} {
		var n int
		if err := db.reader.QueryRow(`SELECT count(*) FROM ` + table + ` WHERE ` + where).Scan(&n); err != nil || n != 0 {
			t.Errorf("%s: %d rows of the deleted member left (%v)", table, n, err)
		}
	}
	// The others are untouched.
	if n, _ := db.CheckedInCount(ctx, "g", testDay); n != 1 {
		t.Errorf("checked in after delete %d, want 1", n)
	}
	if b, _ := db.Leaderboard(ctx, "g", clubbot.Week, testDay, ""); b.Total != 1 || b.Top[0].UserID != "keep" {
		t.Errorf("board after delete %+v", b)
	}
	if q, n, _ := db.GroupConsistency(ctx, c.ID, testDay); q != 1 || n != 1 {
		t.Errorf("challenge after delete %d/%d", q, n)
	}
	// keep's feedback on u's question went with the question; keep's own
	// question stays.
	if h, ok, _ := db.FeedbackCounts(ctx, qid); h != 0 || ok != 0 {
		t.Errorf("feedback on the deleted question after delete %d/%d", h, ok)
	}
	if gaps, _ := db.Gaps(ctx, "g", 10); len(gaps) != 0 {
		t.Errorf("gaps after the delete %+v", gaps)
	}
	if qs, err := column[string](ctx, db.reader, `SELECT question FROM questions WHERE guild_id = 'g'`); err != nil || len(qs) != 1 {
		t.Errorf("questions left %q (%v), want keep's only", qs, err)
	}
	// The audit of u's admin actions on others' records is kept, by "a
	// former member".
	for table, where := range map[string]string{
		"checkins":    "user_id = 'keep' AND entered_by = ?",
		"challenges":  "created_by = ?",
		"faq_entries": "created_by = ?",
	} {
		var n int
		if err := db.reader.QueryRow(`SELECT count(*) FROM `+table+` WHERE `+where, store.FormerMember).Scan(&n); err != nil || n != 1 {
			t.Errorf("%s: %d rows where %s, want 1 (%v)", table, n, where, err)
		}
	}
	if ex, err := db.MemberData(ctx, "g", "u"); err != nil || len(ex.CheckIns) != 0 || ex.Member != nil {
		t.Errorf("member data after delete %+v %v", ex, err)
	}
}

func TestFAQ(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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

func TestSnowflake(t *testing.T) {
	for in, want := range map[string]bool{
		"1450000000000000001": true, "1": true, "0": false, "0123": false, "-5": false, "+5": false,
		"abc": false, "": false, "99999999999999999999": false, "9223372036854775807": true,
	} {
		if _, ok := snowflake(in); ok != want {
			t.Errorf("snowflake(%q) = %v, want %v", in, ok, want)
		}
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

func TestFAQGuilds(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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

// TestReclaimPost: a claim left without a message (its process died before
// sending) is taken over once it is older than the lease, by exactly one of
// many callers in two processes, and never once the post was sent.
func TestReclaimPost(t *testing.T) {
	ctx := context.Background()
	db1, path := openTest(t)
	db2 := openAgain(t, path)
	db2.Now = db1.Now
	const lease = 2 * time.Minute
	if ok, err := db1.ReclaimPost(ctx, "g", "daily", "never", db1.now()); ok || err != nil {
		t.Fatalf("reclaim an unclaimed post: %v %v", ok, err)
	}
	if ok, err := db1.ClaimPost(ctx, "g", "daily", "k"); !ok || err != nil {
		t.Fatalf("claim: %v %v", ok, err)
	}
	claimed, _ := db1.GetPost(ctx, "g", "daily", "k")
	// Within the lease nobody takes it over.
	if ok, err := db2.ReclaimPost(ctx, "g", "daily", "k", claimed.ClaimedAt.Add(lease/2).Add(-lease)); ok || err != nil {
		t.Fatalf("reclaim a young claim: %v %v", ok, err)
	}
	// After it, twenty callers race: one wins.
	cutoff := claimed.ClaimedAt.Add(time.Nanosecond)
	wins := race(t, db1, db2, func(db *DB) (bool, error) { return db.ReclaimPost(ctx, "g", "daily", "k", cutoff) })
	if wins != 1 {
		t.Fatalf("reclaimed %d times, want once", wins)
	}
	renewed, _ := db1.GetPost(ctx, "g", "daily", "k")
	if !renewed.ClaimedAt.After(claimed.ClaimedAt) || renewed.MessageID != "" {
		t.Errorf("after reclaim: %+v (claimed at %s)", renewed, claimed.ClaimedAt)
	}
	// Once sent, it is never reclaimed.
	if err := db2.SetPostMessage(ctx, "g", "daily", "k", "c", "m"); err != nil {
		t.Fatal(err)
	}
	if ok, err := db1.ReclaimPost(ctx, "g", "daily", "k", renewed.ClaimedAt.Add(time.Hour)); ok || err != nil {
		t.Fatalf("reclaim a sent post: %v %v", ok, err)
	}
	if _, err := db1.ReclaimPost(ctx, "", "daily", "k", time.Now()); !errors.Is(err, clubbot.ErrInvalid) {
		t.Errorf("empty guild: %v", err)
	}
}

// TestEndChallengeEarly: ending a challenge makes the ending day its last, so
// progress, finishers and Over stop there, and later check-ins do not count.
func TestEndChallengeEarly(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
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
		checkIn(t, db, "a", d, 10)
	}
	for _, d := range []clubbot.Day{c.Start, c.Start + 2, testDay} {
		checkIn(t, db, "b", d, 15)
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
	checkIn(t, db, "b", testDay+2, 30) // after the end: does not count
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
	checkIn(t, db, "a", testDay+3, 30)
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

// TestSeedHistoryMatchesRecordCheckIn: the bulk fixture leaves what
// recording its check-ins one by one leaves: totals, streaks, calendars,
// boards and challenge progress.
func TestSeedHistoryMatchesRecordCheckIn(t *testing.T) {
	ctx := context.Background()
	seeded, _ := openTest(t)
	recorded, _ := openTest(t)
	users := []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	const days = 75
	first := testDay - days + 1
	var chs [2]clubbot.Challenge
	for i, db := range []*DB{seeded, recorded} {
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
	sessions := 0
	for d := first; d <= testDay; d++ {
		for n, u := range users {
			for k := 0; k < 2; k++ {
				if (n*31+int(d)*17)%10 == 0 || (k == 1 && (n+int(d))%10 != 0) {
					continue
				}
				sessions++
				_, err := recorded.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "g", UserID: u, Day: d,
					Minutes: 5 + (n*7+int(d)*13+k*5)%26, Timing: "post-run", Tool: "roller",
					CreatedAt: time.Unix((int64(d)*86400 + int64(n)), 0)}, d)
				if err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	var rows int
	seeded.reader.QueryRow(`SELECT count(*) FROM checkins`).Scan(&rows)
	if rows != sessions || rows < len(users)*days*8/10 {
		t.Fatalf("seeded %d check-ins, want %d", rows, sessions)
	}
	same := func(what string, get func(db *DB, ch int64) any) {
		t.Helper()
		a, b := get(seeded, chs[0].ID), get(recorded, chs[1].ID)
		if fmt.Sprintf("%+v", a) != fmt.Sprintf("%+v", b) {
			t.Errorf("%s:\nseeded   %+v\nrecorded %+v", what, a, b)
		}
	}
	for _, u := range users {
		same("stats of "+u, func(db *DB, _ int64) any { st, _ := db.Stats(ctx, "g", u, testDay); return st })
		same("history of "+u, func(db *DB, _ int64) any { h, _ := db.History(ctx, "g", u, first-1, testDay); return h })
		same("check-ins of "+u, func(db *DB, _ int64) any {
			cs, _ := db.CheckIns(ctx, "g", u, testDay-3)
			for i := range cs {
				cs[i].ID, cs[i].CreatedAt = 0, time.Time{} // ids and times differ by design
			}
			return cs
		})
	}
	for _, p := range []clubbot.Period{clubbot.Week, clubbot.Month, clubbot.All} {
		same("board "+string(p), func(db *DB, _ int64) any { b, _ := db.Leaderboard(ctx, "g", p, testDay, "c"); return b })
	}
	same("challenge progress", func(db *DB, ch int64) any {
		ps, _ := db.Participants(ctx, ch, testDay)
		var out []string
		for _, p := range ps {
			out = append(out, fmt.Sprintf("%s %+v", p.UserID, p.Progress))
		}
		return out
	})
	if st, _ := seeded.Stats(ctx, "g", "a", testDay); st.TotalDays < days*8/10 {
		t.Errorf("seeded member a has %d days", st.TotalDays)
	}
}

// TestCheckInResultMatchesStats: the day total and streak RecordCheckIn
// returns agree with what the database holds afterwards, for check-ins in and out of day order, several a day, and
// duplicates.
func TestCheckInResultMatchesStats(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	rng := rand.New(rand.NewSource(3))
	var last clubbot.CheckIn
	for step := 0; step < 300; step++ {
		u := []string{"a", "b"}[rng.Intn(2)]
		today := testDay + clubbot.Day(step/20)
		day := today
		if rng.Intn(4) == 0 {
			day = today - clubbot.Day(rng.Intn(10))
		}
		c := clubbot.CheckIn{GuildID: "g", UserID: u, Day: day, Minutes: 1 + rng.Intn(40), InteractionID: nextID()}
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

func TestClaimInteraction(t *testing.T) {
	ctx := context.Background()
	db, _ := openTest(t)
	clock := &testClock{t: testDay.Start(time.UTC).Add(12 * time.Hour)}
	db.Now = clock.Now
	wait := func(d time.Duration) {
		clock.mu.Lock()
		clock.t = clock.t.Add(d)
		clock.mu.Unlock()
	}
	claim := func(id string, lease time.Duration) store.Claim {
		t.Helper()
		c, err := db.ClaimInteraction(ctx, id, lease)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const lease = 30 * time.Second

	if c := claim("1", lease); !c.Won || c.Done {
		t.Fatalf("first claim %+v, want won", c)
	}
	if c := claim("1", lease); c.Won || c.Done {
		t.Fatalf("repeat while running %+v, want lost, not done", c)
	}
	wait(lease + time.Second)
	if c := claim("1", lease); !c.Won {
		t.Fatalf("retry after the lease ran out %+v, want won", c)
	}
	if c := claim("1", lease); c.Won {
		t.Fatalf("repeat of the retry %+v, want lost", c)
	}
	reply := []byte(`{"type":4,"data":{"content":"done"}}`)
	if err := db.FinishInteraction(ctx, "1", reply); err != nil {
		t.Fatal(err)
	}
	wait(lease + time.Second)
	if c := claim("1", lease); c.Won || !c.Done || string(c.Reply) != string(reply) {
		t.Fatalf("repeat after finishing %+v, want lost, done, the reply", c)
	}

	// Finished without a reply it could keep.
	claim("2", lease)
	if err := db.FinishInteraction(ctx, "2", nil); err != nil {
		t.Fatal(err)
	}
	if c := claim("2", lease); c.Won || !c.Done || c.Reply != nil {
		t.Fatalf("repeat of a reply not kept %+v", c)
	}

	// A held claim outlasts the first lease.
	claim("3", lease)
	if err := db.HoldInteraction(ctx, "3", 3*lease); err != nil {
		t.Fatal(err)
	}
	wait(lease + time.Second)
	if c := claim("3", lease); c.Won {
		t.Fatalf("held claim taken over after %s", lease)
	}
	wait(2 * lease)
	if c := claim("3", lease); !c.Won {
		t.Fatalf("held claim not taken over after its lease")
	}
	if err := db.HoldInteraction(ctx, "2", lease); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("hold of a finished claim: %v, want ErrNotFound", err)
	}
	if err := db.FinishInteraction(ctx, "nope", nil); !errors.Is(err, clubbot.ErrNotFound) {
		t.Errorf("finish of an unknown claim: %v, want ErrNotFound", err)
	}

	// Past the window an id is new again, and within pruneEvery claims the
	// old rows are gone.
	wait(store.ReplayWindow + time.Second)
	if c := claim("1", lease); !c.Won || c.Done || c.Reply != nil {
		t.Fatalf("claim past the window %+v, want won afresh", c)
	}
	wait(store.ReplayWindow + time.Second)
	for k := 0; k < pruneEvery; k++ {
		claim(fmt.Sprint("new", k), lease)
	}
	var old int
	if err := db.reader.QueryRow(`SELECT count(*) FROM interactions WHERE id NOT LIKE 'new%'`).Scan(&old); err != nil {
		t.Fatal(err)
	}
	if old != 0 {
		t.Errorf("%d interaction rows older than the window after %d claims, want 0", old, pruneEvery)
	}
}

func TestClaimInteractionOnceAcrossHandles(t *testing.T) {
	ctx := context.Background()
	db1, path := openTest(t)
	db2 := openAgain(t, path)
	db2.Now = db1.Now // one clock: a claim older than the window is pruned
	wins := race(t, db1, db2, func(db *DB) (bool, error) {
		c, err := db.ClaimInteraction(ctx, "1450000000000000042", time.Minute)
		return c.Won, err
	})
	if wins != 1 {
		t.Errorf("%d of 20 concurrent claims won, want 1", wins)
	}
}

// mustOK fails the test on err.
func mustOK(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
