package bot

import (
	"strings"
	"testing"
	"time"

	"clubbot"
)

// TestHalfwayCountsOutOfReach: the halfway post counts a late joiner who
// can no longer finish as not on track (issue 11 item 4).
func TestHalfwayCountsOutOfReach(t *testing.T) {
	start := clubbot.DayFromDate(2025, 6, 2)
	w := newWorld(t, "UTC", time.Date(2025, 6, 2, 6, 0, 0, 0, time.UTC), "alice", "ann", "dan")
	ctx, db := w.ctx, w.Store
	c, err := db.CreateChallenge(ctx, clubbot.Challenge{GuildID: w.guild, Name: "Feet", Start: start, Days: 6, DailyMinutes: 10,
		CreatedBy: w.id("alice"), CreatedAt: w.Now()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.JoinChallenge(ctx, c.ID, w.id("ann"), start); err != nil {
		t.Fatal(err)
	}
	for d := start; d < start+3; d++ {
		w.setNow(d.Start(time.UTC).Add(6 * time.Hour))
		w.checkIn(w.id("ann"), 10)
	}
	// dan joins on day 3 of 6 with no grace: 4 days left for 6 needed.
	if _, err := db.JoinChallenge(ctx, c.ID, w.id("dan"), start+2); err != nil {
		t.Fatal(err)
	}
	w.setNow((start + 3).Start(time.UTC).Add(7 * time.Hour))
	w.tick(w.sched)
	mid := w.posts(postChallengeMid)
	if len(mid) != 1 {
		t.Fatalf("%d halfway posts", len(mid))
	}
	if !strings.Contains(mid[0].Content, "1 of 2") {
		t.Errorf("halfway post %q, want 1 of 2 on track (dan is out of reach)", mid[0].Content)
	}
}
