package clubbot

import (
	"slices"
	"testing"
)

func TestMonthlyRecap(t *testing.T) {
	nov := DayFromDate(2026, 11, 1)
	run := func(from Day, n, minutes int) []DayTotal {
		var out []DayTotal
		for i := range n {
			out = append(out, DayTotal{Day: from + Day(i), Minutes: minutes, Sessions: 1})
		}
		return out
	}
	totals := map[string][]DayTotal{
		// Runs across the month's edges are cut at them: 3 days in November.
		"edge":   run(nov-5, 8, 10),
		"hidden": run(nov+3, 12, 20),
		"ann":    append(run(nov, 5, 15), run(nov+10, 7, 15)...),
		"bob":    run(nov+20, 7, 10),
		// Two sessions on one day: one day, two sessions.
		"cy": {{Day: nov + 2, Minutes: 10, Sessions: 1}, {Day: nov + 2, Minutes: 5, Sessions: 1}},
		// Only October: not active in November.
		"oct": run(nov-10, 5, 10),
	}
	hidden := map[string]bool{"hidden": true}
	r := MonthlyRecap(nov+14, totals, hidden, 3)
	if r.From != nov || r.To != DayFromDate(2026, 11, 30) || len(r.DayShare) != 30 {
		t.Fatalf("month %s..%s with %d days", r.From, r.To, len(r.DayShare))
	}
	if r.ActiveMembers != 5 {
		t.Errorf("active %d, want 5 (hidden counted, October's member not)", r.ActiveMembers)
	}
	if want := 3 + 12 + 12 + 7 + 2; r.Sessions != want {
		t.Errorf("sessions %d, want %d", r.Sessions, want)
	}
	if want := 3*10 + 12*20 + 12*15 + 7*10 + 15; r.Minutes != want {
		t.Errorf("minutes %d, want %d", r.Minutes, want)
	}
	// Day 3 (nov+2): edge, ann and cy checked in: 3 of 5.
	for i, want := range map[int]float64{0: 2.0 / 5, 2: 3.0 / 5, 3: 2.0 / 5, 5: 1.0 / 5, 10: 2.0 / 5, 29: 0} {
		if r.DayShare[i] != want {
			t.Errorf("share on day %d = %v, want %v", i+1, r.DayShare[i], want)
		}
	}
	// hidden's 12 days are left out; ann's 7 beats bob's 7 on minutes.
	want := []RecapStreak{{"ann", 7}, {"bob", 7}, {"edge", 3}}
	if !slices.Equal(r.Longest, want) {
		t.Errorf("longest %v, want %v", r.Longest, want)
	}
	if got := MonthlyRecap(nov, nil, nil, 3); got.ActiveMembers != 0 || len(got.Longest) != 0 || got.DayShare[0] != 0 {
		t.Errorf("empty month %+v", got)
	}
	if got := MonthlyRecap(DayFromDate(2028, 2, 10), nil, nil, 3); len(got.DayShare) != 29 {
		t.Errorf("February 2028 has %d days, want 29", len(got.DayShare))
	}
}

func TestPeriodConsistency(t *testing.T) {
	start := DayFromDate(2026, 11, 20)
	c := Challenge{Start: start, Days: 20, DailyMinutes: 10}
	minutes, breaks := plan(start, "xxbbx.xxxxx")
	qualifies := func(d Day) bool { return minutes[d] >= 10 }
	ps := []Participation{
		{Joined: start, Qualified: qualifies, OnBreak: ExcusedOn(ChallengeBreakDays(c, start, qualifies, breaks, start+10))},
		{Joined: start + 5, Qualified: func(Day) bool { return true }},
	}
	// November: days 20-30 of the month are challenge days 0-10. The first
	// member takes part on 9 of them (2 break days) and qualified on 8; the
	// second joined on day 5 and qualified on all 6.
	got := PeriodConsistency(c, ps, DayFromDate(2026, 11, 1), DayFromDate(2026, 11, 30))
	if want := float64(8+6) / float64(9+6); got != want {
		t.Errorf("PeriodConsistency = %v, want %v", got, want)
	}
	if got := PeriodConsistency(c, nil, start, start+5); got != 0 {
		t.Errorf("nobody taking part = %v, want 0", got)
	}
}

// TestRecapTallyKeepsTheTop: a tally naming top runs names the first top
// of the full order, whatever order the members come in (MonthlyRecap
// adds them in map order, which changes from run to run).
func TestRecapTallyKeepsTheTop(t *testing.T) {
	nov := DayFromDate(2026, 11, 1)
	totals := map[string][]DayTotal{}
	for i := range 40 {
		var days []DayTotal
		for d := range 2 + i%9 { // runs of 2..10 days, many ties
			days = append(days, DayTotal{Day: nov + Day(3*(i%4)+d), Minutes: 10 + i%3, Sessions: 1})
		}
		totals[string(rune('a'+i%26))+string(rune('a'+i/26))] = days
	}
	full := MonthlyRecap(nov, totals, nil, len(totals)).Longest
	if len(full) != len(totals) {
		t.Fatalf("%d runs, want %d", len(full), len(totals))
	}
	for round := range 20 {
		top := round % 7
		if got := MonthlyRecap(nov, totals, nil, top).Longest; !slices.Equal(got, full[:top]) {
			t.Fatalf("top %d: %v, want %v", top, got, full[:top])
		}
	}
}
