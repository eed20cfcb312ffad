package loadtest

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/store/pgtest"
	"clubbot/store/postgres"
)

// preparePostgres gives w's club its settings in the PostgreSQL database
// at url, as prepareDB does for a file: posts in #general, the daily post
// due from midnight UTC.
func preparePostgres(t testing.TB, w *world, url string) {
	t.Helper()
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st := clubbot.DefaultSettings(w.guild)
	st.ChannelID = w.channel
	st.CheckinTime = 0
	if err := db.SaveSettings(ctx, st); err != nil {
		t.Fatal(err)
	}
}

// startServe runs `clubbot serve` on the database dbURL, with extra
// environment (later values win), and waits for its /healthz to report the
// database ok.
func startServe(t testing.TB, w *world, dbURL string, pub ed25519.PublicKey, extra ...string) *child {
	t.Helper()
	env := append([]string{"DISCORD_PUBLIC_KEY=" + hex.EncodeToString(pub), "CLUBBOT_HTTP_ADDR=" + freeAddr(t)}, extra...)
	c := launch(t, []string{"serve"}, botEnv(w, dbURL, freeAddr(t), env...))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	for {
		h, err := c.health(ctx)
		if err == nil && h.Database == "ok" {
			return c
		}
		if ctx.Err() != nil || c.exited() {
			t.Fatalf("serve did not come up: %v %+v\n%s", err, h, c.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestReplicas runs two `clubbot serve` processes on one PostgreSQL
// database (SPEC 10): signed check-ins go to each alternately and every
// one is replayed to the other replica; every acknowledged check-in is
// stored once, the replays run nothing, and both replicas answer
// /leaderboard with the same text, naming every member.
func TestReplicas(t *testing.T) {
	url := pgtest.URL(t)
	w := newWorld(t, 12)
	preparePostgres(t, w, url)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	replicas := []*child{startServe(t, w, url, pub), startServe(t, w, url, pub)}
	endpoint := func(k int) string { return "http://" + replicas[k%2].httpAddr + "/interactions" }
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()

	var acked []string
	for k, m := range w.members {
		for round := range 2 {
			i := w.fake.Command(w.guild, m, "checkin", fakediscord.Int("minutes", int64(10+round)))
			ex, err := w.fake.DeliverHTTP(ctx, endpoint(k+round), priv, i)
			if err != nil {
				t.Fatalf("deliver /checkin: %v", err)
			}
			if _, err := ex.Wait(ctx); err != nil {
				t.Fatalf("no answer to /checkin: %v", err)
			}
			acked = append(acked, i.ID)
			// The same signed interaction again, to the other replica: it
			// runs nothing (counted below); the fake, as Discord, refuses
			// a second acknowledgement of one interaction (40060).
			if _, err := w.fake.DeliverHTTP(ctx, endpoint(k+round+1), priv, i); err != nil && !strings.Contains(err.Error(), "40060") {
				t.Fatalf("replay /checkin: %v", err)
			}
		}
	}

	var boards []string
	for k := range replicas {
		ex, err := w.fake.DeliverHTTP(ctx, endpoint(k), priv, w.fake.Command(w.guild, w.members[0], "leaderboard"))
		if err != nil {
			t.Fatalf("deliver /leaderboard: %v", err)
		}
		cb, err := ex.Wait(ctx)
		if err != nil {
			t.Fatalf("no answer to /leaderboard: %v", err)
		}
		boards = append(boards, answerText(t, ex, cb, 10*time.Second))
	}
	if boards[0] != boards[1] {
		t.Errorf("the replicas' leaderboards differ:\n%s\n---\n%s", boards[0], boards[1])
	}
	for _, m := range w.members[:10] {
		if !strings.Contains(boards[0], "<@"+m.User.ID+">") {
			t.Errorf("/leaderboard leaves out %s, who checked in:\n%s", m.User.Username, boards[0])
		}
	}

	for k, c := range replicas {
		if code := c.terminate(15 * time.Second); code != 0 {
			t.Errorf("replica %d exit %d\n%s", k, code, tail(c.out.String(), 20))
		}
	}
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	stored := map[string]int{}
	today := clubbot.DayOf(time.Now(), time.UTC)
	for _, m := range w.members {
		for d := today - 1; d <= today+1; d++ {
			cs, err := db.CheckIns(context.Background(), w.guild, m.User.ID, d)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				stored[c.InteractionID]++
			}
		}
	}
	for _, id := range acked {
		if stored[id] != 1 {
			t.Errorf("interaction %s stored %d times, want once", id, stored[id])
		}
	}
	if len(stored) != len(acked) {
		t.Errorf("%d check-ins stored, %d acknowledged", len(stored), len(acked))
	}
}
