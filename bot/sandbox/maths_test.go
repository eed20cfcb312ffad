package sandbox

import (
	"strings"
	"testing"
)

// TestChallengeMathsScript runs testdata/challenge-maths.txt: issue 11's
// challenge maths as a club meets it (items 4, 5, 6, 8 and 14).
func TestChallengeMathsScript(t *testing.T) {
	out := runFile(t, "challenge-maths.txt")
	mustContain(t, out,
		// The confirmation says whether the day counted.
		"ann › /checkin minutes:5", "5 more minutes today to count for **Happy feet**",
		"ann › /checkin minutes:5", "Counts for **Happy feet**: day 1 of 5 ✅",
		// Other… then a button on the same post: one record.
		`bob › submit "Check in" minutes:25`, "25 min in 1 session",
		"bob › click [10 min]", "You already checked in from this post", "[Undo]",
		"Yesterday 2 of 2 qualified (100%)",
		// Leaving and joining again on a later day keeps day 1.
		"bob › /challenge leave", "bob › /challenge join", "You have 1 qualifying day so far.", "bob › /challenge status",
		"Qualifying days: 1 (10+ min)", "On track: 3 more qualifying days needed, 4 days left",
		// Day 3: cat joins; yesterday's figure stays over who took part.
		"Yesterday 1 of 2 qualified (50%)",
		"cat › /challenge status", "Out of reach: 3 more qualifying days needed, 2 days left",
	)
	if strings.Contains(out, "1 of 3 qualified") {
		t.Errorf("a member who joined today changed yesterday's group consistency:\n%s", out)
	}
	if i := strings.Index(out, "cat › /challenge status"); i < 0 || strings.Contains(out[i:], "On track") {
		t.Errorf("the late joiner is told on track")
	}
}
