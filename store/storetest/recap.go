package storetest

import (
	"context"
	"maps"
	"slices"
	"testing"
	"time"

	"clubbot"
)

// The monthly recap's reads: MonthDays and Participations.

func testMonthDays(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	from, to := clubbot.Month.Range(testDay)
	CheckIn(t, db, "a", from, 10)
	CheckIn(t, db, "a", from, 5) // two sessions, one day
	CheckIn(t, db, "a", from+1, 20)
	CheckIn(t, db, "a", from-1, 30) // the month before: left out
	CheckIn(t, db, "h", testDay, 12)
	CheckIn(t, db, "old", from-3, 12) // only before: in neither map
	if err := db.SaveMember(ctx, clubbot.Member{GuildID: "g", UserID: "h", Hidden: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: "other", UserID: "x", Day: testDay,
		Minutes: 10, InteractionID: NextID()}, testDay); err != nil {
		t.Fatal(err)
	}

	// Collected as a map, each member once, their days in order.
	monthDays := func(from, to clubbot.Day) (map[string][]clubbot.DayTotal, map[string]bool, error) {
		totals, hidden := map[string][]clubbot.DayTotal{}, map[string]bool{}
		err := db.MonthDays(ctx, "g", from, to, func(user string, days []clubbot.DayTotal, hide bool) {
			if _, twice := totals[user]; twice {
				t.Errorf("%s given twice", user)
			}
			totals[user] = slices.Clone(days)
			if hide {
				hidden[user] = true
			}
		})
		return totals, hidden, err
	}
	totals, hidden, err := monthDays(from, to)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]clubbot.DayTotal{
		"a": {{Day: from, Minutes: 15, Sessions: 2}, {Day: from + 1, Minutes: 20, Sessions: 1}},
		"h": {{Day: testDay, Minutes: 12, Sessions: 1}},
	}
	if !maps.EqualFunc(totals, want, slices.Equal) {
		t.Errorf("totals %+v, want %+v", totals, want)
	}
	if !maps.Equal(hidden, map[string]bool{"h": true}) {
		t.Errorf("hidden %v, want only h", hidden)
	}

	// The recap's figures come out of clubbot.MonthlyRecap over this read.
	r := clubbot.MonthlyRecap(testDay, totals, hidden, 5)
	if r.Sessions != 4 || r.Minutes != 47 || r.ActiveMembers != 2 {
		t.Errorf("recap %+v, want 4 sessions, 47 min, 2 members", r)
	}
	if len(r.Longest) != 1 || r.Longest[0] != (clubbot.RecapStreak{UserID: "a", Days: 2}) {
		t.Errorf("longest %+v, want a's 2 days only", r.Longest)
	}

	empty, _, err := monthDays(clubbot.DayFromDate(2026, time.January, 1), clubbot.DayFromDate(2026, time.January, 31))
	if err != nil || len(empty) != 0 {
		t.Errorf("an empty month: %v, %v", empty, err)
	}
}

func testParticipationsAgreeWithGroupConsistency(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: "March", Start: testDay - 6,
		Days: 10, DailyMinutes: 10, CreatedBy: "admin"})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"a", "b", "c"} {
		if _, err := db.JoinChallenge(ctx, c.ID, u, testDay-6); err != nil {
			t.Fatal(err)
		}
	}
	CheckIn(t, db, "a", testDay-6, 10)
	CheckIn(t, db, "a", testDay-5, 10)
	CheckIn(t, db, "b", testDay-5, 5) // under the target
	CheckIn(t, db, "c", testDay-4, 25)
	if err := db.LeaveChallenge(ctx, c.ID, "c", testDay-3); err != nil {
		t.Fatal(err)
	}
	ps, err := db.Participations(ctx, c)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) != 3 {
		t.Fatalf("%d participations, want 3 (the one who left too)", len(ps))
	}
	// 1/3 on the first day, 1/3 on the second, 1/3 on the third, then a and
	// b only, neither qualifying: 3 of 3+3+3+2+2+2+2 member-days.
	got := clubbot.PeriodConsistency(c, ps, testDay-6, testDay)
	if want := 3.0 / 17; got != want {
		t.Errorf("period consistency %v, want %v", got, want)
	}
	for d := testDay - 6; d <= testDay; d++ {
		q, n, err := db.GroupConsistency(ctx, c.ID, d)
		if err != nil {
			t.Fatal(err)
		}
		if wq, wn := clubbot.GroupDay(c, ps, d); q != wq || n != wn {
			t.Errorf("%s: GroupConsistency %d/%d, GroupDay over Participations %d/%d", d, q, n, wq, wn)
		}
	}
}

// testParticipationsHonourBreaks: a member's break days in a challenge that
// allows breaks are excused (not taking part) in Participations, so the
// recap and GroupConsistency both leave them out of the day's count; a
// challenge created with no breaks counts them as ordinary days.
func testParticipationsHonourBreaks(t *testing.T, open func(t *testing.T) Engine) {
	ctx := context.Background()
	db := open(t)
	if err := db.PlanBreak(ctx, "g", "b", clubbot.Break{From: testDay - 4, To: testDay - 3}, testDay-7); err != nil {
		t.Fatal(err)
	}
	for d := testDay - 6; d <= testDay; d++ {
		CheckIn(t, db, "a", d, 10)
	}
	CheckIn(t, db, "b", testDay-6, 10)
	CheckIn(t, db, "b", testDay-5, 10)
	for _, tc := range []struct {
		name      string
		noBreaks  bool
		wantOnDay int // participants on testDay-4, a break day of b's
	}{
		{"breaks allowed", false, 1},
		{"no breaks", true, 2},
	} {
		c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: "g", Name: tc.name, Start: testDay - 6,
			Days: 10, DailyMinutes: 10, CreatedBy: "admin", NoBreaks: tc.noBreaks})
		if err != nil {
			t.Fatal(err)
		}
		for _, u := range []string{"a", "b"} {
			if _, err := db.JoinChallenge(ctx, c.ID, u, testDay-6); err != nil {
				t.Fatal(err)
			}
		}
		ps, err := db.Participations(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		for d, want := range map[clubbot.Day][2]int{
			testDay - 5: {2, 2}, testDay - 4: {1, tc.wantOnDay}, testDay - 3: {1, tc.wantOnDay}, testDay - 2: {1, 2},
		} {
			q, n, err := db.GroupConsistency(ctx, c.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			wq, wn := clubbot.GroupDay(c, ps, d)
			if q != want[0] || n != want[1] || wq != q || wn != n {
				t.Errorf("%s, %s: GroupConsistency %d/%d, GroupDay over Participations %d/%d; want %d/%d",
					tc.name, d, q, n, wq, wn, want[0], want[1])
			}
		}
	}
}
