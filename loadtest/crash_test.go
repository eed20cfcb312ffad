package loadtest

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// TestKillUnderLoad is SPEC 9's "kill -9 under load": the bot is killed
// mid-load five times and restarted on the same database. Every check-in
// the fake saw acknowledged must be stored, none twice, and interactions
// delivered again after a restart (Discord retries) still record once.
func TestKillUnderLoad(t *testing.T) {
	w := newWorld(t, 300)
	dbPath := filepath.Join(t.TempDir(), "crash.db")
	prepareDB(t, w, dbPath)

	const rounds = 5
	var acked []*discordgo.Interaction
	var redelivered, reacked int
	r := rand.New(rand.NewPCG(7, 7))
	for round := range rounds {
		c := startChild(t, w, dbPath)
		// Re-deliver a few check-ins acknowledged before the last kill: the
		// same interaction id must not record twice.
		if len(acked) > 0 {
			for k := 0; k < 10; k++ {
				i := acked[r.IntN(len(acked))]
				redelivered++
				if res := (&load{w: w}).one(context.Background(), "checkin", i); res.acked {
					reacked++
				}
			}
		}
		l := &load{w: w, rate: 200, post: w.dailyPost(t, 10*time.Second)}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { l.run(ctx, time.Minute); close(done) }()
		// Kill at a different point of each round, while interactions flow.
		time.Sleep(time.Duration(600+r.IntN(900)) * time.Millisecond)
		c.kill()
		cancel()
		<-done
		s := l.summary()
		t.Logf("round %d: sent %d, acknowledged %d before kill -9", round+1, s.Sent, s.Acked)
		if s.Acked == 0 {
			t.Fatalf("round %d: nothing was acknowledged before the kill\n%s", round+1, tail(c.out.String(), 20))
		}
		acked = append(acked, l.checkIns...)
	}
	// One last clean run so the database is checked as the bot leaves it.
	c := startChild(t, w, dbPath)
	if code := c.terminate(15 * time.Second); code != 0 {
		t.Errorf("final clubbot exited %d after SIGTERM", code)
	}

	byInteraction, bySource := storedCheckIns(t, dbPath, w)
	for k, n := range bySource {
		if n != 1 {
			t.Errorf("%s recorded %d times from one daily post, want 1", k, n)
		}
	}
	missing, twice, clicks := tallyStored(acked, byInteraction, bySource)
	for uid, n := range clicks {
		if n == 0 {
			t.Errorf("member %s's acknowledged click on the daily post is not stored", uid)
		}
	}
	t.Logf("%d acknowledged check-ins over %d kills; %d re-delivered after restarts (%d acknowledged again)", len(acked), rounds, redelivered, reacked)
	if missing > 0 || twice > 0 {
		t.Errorf("after %d kills: %d acknowledged check-ins missing, %d stored twice", rounds, missing, twice)
	}
}
