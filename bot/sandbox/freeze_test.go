package sandbox

import (
	"strings"
	"testing"
)

// TestFreezesScript runs testdata/freezes.txt: a freeze keeps a 9-day
// streak through one missed day, is told once, and the second missed day
// ends the streak (issue 14).
func TestFreezesScript(t *testing.T) {
	out := runFile(t, "freezes.txt")
	mustContain(t, out,
		"ann › /checkin minutes:10", "Streak: 🔥 9 days (longest 9)",
		// Sat 5 Dec missed: the freeze covers it, told on the first /streak only.
		"ann › /streak", "🧊 a freeze covered Sat 5 Dec, 0 left", "Current streak: 9 days", "🧊 Freezes: 0 of 2 held; 1 day frozen",
		"ann › /streak", "Current streak: 9 days",
		// Sun 6 Dec missed too: no freeze left, the streak ends.
		"ann › /streak", "Current streak: 0 days", "Longest streak: 9 days",
	)
	if n := strings.Count(out, "a freeze covered"); n != 1 {
		t.Errorf("the freeze was told %d times, want once", n)
	}
}

// TestBreakChallengeScript runs testdata/break-challenge.txt: a member on
// a planned week's break finishes a 30-day challenge with no grace, and
// the break's reason is never shown back (issue 14).
func TestBreakChallengeScript(t *testing.T) {
	out := runFile(t, "break-challenge.txt")
	mustContain(t, out,
		`ann › /break plan from:2026-12-06 to:2026-12-12`, "Break planned: Sun 6 Dec to Sat 12 Dec (7 days)",
		// During the break: the excused days ahead are off both the days
		// needed and the days left.
		"ann › /challenge status", "Day: 12 of 30", "On track: 13 more qualifying days needed, 13 days left",
		"ann › /challenge status", "Day: 30 of 30", "Qualifying days: 23", "Finisher: Yes 🎉",
		// The break neither broke nor extended the streak.
		"ann › /streak", "Current streak: 23 days", "🏖️ Break days: 7 days on a break",
	)
	if n := strings.Count(out, "ski trip"); n != 1 {
		t.Errorf("the break's reason appears %d times, want only in the command typed", n)
	}
	if strings.Contains(out, "Out of reach") {
		t.Error("the member on a break was told out of reach")
	}
}
