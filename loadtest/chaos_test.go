package loadtest

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/store"
	"clubbot/store/pgtest"
	"clubbot/store/postgres"
)

// slowAnswers is a proxy in front of the fake Discord for one replica: it
// passes every request on at once, and holds the answer to a message
// create for latency before handing it back. So the message exists at
// Discord while its sender still waits, as with a slow network on the way
// back, and a sender killed while it waits has sent posts it never hears
// of (the fake's own SetLatency delays before it acts, so a killed
// sender's requests would simply never arrive).
type slowAnswers struct {
	*httptest.Server
	created  atomic.Int64 // message creates Discord answered
	answered atomic.Int64 // of them, handed back to the replica
}

func newSlowAnswers(t testing.TB, fake *fakediscord.Server, latency time.Duration) *slowAnswers {
	t.Helper()
	target, err := url.Parse(strings.TrimSuffix(fake.APIURL(), "/api/v10/"))
	if err != nil {
		t.Fatal(err)
	}
	p := &slowAnswers{}
	rp := &httputil.ReverseProxy{
		Rewrite:  func(r *httputil.ProxyRequest) { r.SetURL(target) },
		ErrorLog: log.New(io.Discard, "", 0), // answers to the killed replica fail
		ModifyResponse: func(resp *http.Response) error {
			r := resp.Request
			if r.Method != http.MethodPost || !strings.HasSuffix(r.URL.Path, "/messages") || resp.StatusCode != http.StatusOK {
				return nil
			}
			p.created.Add(1)
			select {
			case <-time.After(latency):
				p.answered.Add(1)
				return nil
			case <-r.Context().Done():
				return r.Context().Err()
			}
		},
	}
	p.Server = httptest.NewServer(rp) // 127.0.0.1
	t.Cleanup(p.Close)
	return p
}

// TestChaosReplicaKilled is SPEC 10's exactly-once check for scheduled
// posts: two `clubbot serve` replicas on one PostgreSQL database, with 200
// servers' daily posts due at once and Discord's answers taking 2 s, so the
// sends take a while. Replica A is killed with SIGKILL in the middle of its
// sends, when it has heard back about some posts and has others out at
// Discord, made but not answered. Replica B sends the rest, and takes A's
// orphaned claims over only once their lease (CLUBBOT_POST_LEASE=15s) has
// run out. Every server ends with exactly one daily post, recorded in the
// database.
//
// The posts A sent but never recorded are not posted twice: B sends each
// with the same nonce and enforce_nonce (bot/postsend.go), and Discord (the
// fake, as documented) returns the message that nonce made first, which B
// records. The test checks that this happened (some nonces were sent twice,
// each making one message) and that no takeover came before the claim's
// lease ran out.
func TestChaosReplicaKilled(t *testing.T) {
	const (
		servers = 200
		latency = 2 * time.Second
		lease   = 15 * time.Second
	)
	dbURL := pgtest.URL(t)
	fake, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(fake.Close)
	w := &world{fake: fake}
	guilds := make([]string, servers)
	channelOf := map[string]string{}
	for k := range guilds {
		guilds[k] = fake.AddGuild(fmt.Sprintf("Club %03d", k))
		channelOf[guilds[k]] = fake.Channels(guilds[k])[0].ID
	}
	db, err := postgres.Open(context.Background(), dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 80*time.Second)
	defer cancel()
	for _, g := range guilds {
		st := clubbot.DefaultSettings(g)
		st.ChannelID = channelOf[g]
		st.CheckinTime = 0 // due from midnight: now
		if err := db.SaveSettings(ctx, st); err != nil {
			t.Fatal(err)
		}
	}
	today := clubbot.DayOf(time.Now(), time.UTC).String()
	pub, _, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	replica := func(p *slowAnswers) *child {
		// 20 requests a second each, 20 in flight: about 7 posts a second
		// per replica at 2 s a post, so the 200 take a while.
		return startServe(t, w, dbURL, pub, "DISCORD_API_URL="+p.URL+"/api/v10/",
			"CLUBBOT_SEND_RATE=20", "CLUBBOT_POST_LEASE="+lease.String())
	}
	proxyA, proxyB := newSlowAnswers(t, fake, latency), newSlowAnswers(t, fake, latency)
	a := replica(proxyA)
	b := replica(proxyB)
	start := time.Now()

	// Kill A once it has heard back about some posts and has at least as
	// many made at Discord and unanswered.
	for proxyA.answered.Load() < 10 || proxyA.created.Load()-proxyA.answered.Load() < 10 {
		if ctx.Err() != nil || a.exited() {
			t.Fatalf("replica A never had 10 posts answered and 10 out: %d created, %d answered (%v)\n%s",
				proxyA.created.Load(), proxyA.answered.Load(), ctx.Err(), tail(a.out.String(), 20))
		}
		time.Sleep(10 * time.Millisecond)
	}
	a.kill()
	killed := time.Now()
	orphans := proxyA.created.Load() - proxyA.answered.Load()
	// The claims A left without a message, with their times: none may be
	// taken over before its time plus the lease.
	claimedAt := map[string]time.Time{}
	for _, g := range guilds {
		p, err := db.GetPost(ctx, g, "daily", today)
		if err == nil && p.MessageID == "" {
			claimedAt[g] = p.ClaimedAt
		}
	}

	// B finishes: every post recorded with a message.
	posts := map[string]store.Post{}
	for len(posts) < servers {
		if ctx.Err() != nil || b.exited() {
			t.Fatalf("%d of %d daily posts recorded %s after the kill (%v)\n%s", len(posts), servers, time.Since(killed).Round(time.Second), ctx.Err(), tail(b.out.String(), 20))
		}
		for _, g := range guilds {
			if _, ok := posts[g]; ok {
				continue
			}
			if p, err := db.GetPost(ctx, g, "daily", today); err == nil && p.MessageID != "" {
				posts[g] = p
			}
		}
		time.Sleep(500 * time.Millisecond)
	}
	if code := b.terminate(15 * time.Second); code != 0 {
		t.Errorf("replica B exit %d\n%s", code, tail(b.out.String(), 20))
	}

	// Every message create the fake saw, by channel and nonce.
	type send struct{ first, last time.Time }
	sends := map[string]map[string]*send{} // channel -> nonce -> times
	repeated := 0
	for _, p := range fake.Payloads() {
		cid, ok := strings.CutPrefix(p.Route, "POST channels/")
		if !ok || !strings.HasSuffix(cid, "/messages") {
			continue
		}
		cid = strings.TrimSuffix(cid, "/messages")
		if p.Data.Nonce == "" || !p.Data.EnforceNonce {
			t.Errorf("channel %s: a scheduled post without an enforced nonce", cid)
		}
		if sends[cid] == nil {
			sends[cid] = map[string]*send{}
		}
		if s := sends[cid][p.Data.Nonce]; s != nil {
			s.last = p.At
			repeated++
		} else {
			sends[cid][p.Data.Nonce] = &send{first: p.At, last: p.At}
		}
	}
	for _, g := range guilds {
		ch := channelOf[g]
		msgs := fake.Messages(ch)
		if n := len(dailyPosts(w, ch)); n != 1 {
			t.Errorf("server %s: %d daily posts, want exactly 1", g, n)
		}
		// One message per nonce, however often it was sent.
		if len(msgs) != len(sends[ch]) {
			t.Errorf("server %s: %d messages from %d distinct posts", g, len(msgs), len(sends[ch]))
		}
		if len(msgs) > 0 && posts[g].MessageID != msgs[0].ID {
			t.Errorf("server %s: recorded message %s, want the channel's first %s", g, posts[g].MessageID, msgs[0].ID)
		}
		for _, s := range sends[ch] {
			if s.last != s.first && s.last.Before(claimedAt[g].Add(lease)) {
				t.Errorf("server %s: post sent again %s after A's claim, within the %s lease", g, s.last.Sub(claimedAt[g]).Round(time.Millisecond), lease)
			}
		}
	}
	// A's unanswered posts were made at Discord: B sent each again, with
	// the same nonce, and got the first message back.
	if repeated < int(orphans) {
		t.Errorf("%d posts sent twice, want at least the %d A had out unanswered when killed", repeated, orphans)
	}
	if took := strings.Count(b.out.String(), "took over an unsent scheduled post"); took < int(orphans) {
		t.Errorf("replica B took over %d claims, want at least %d", took, orphans)
	}
	t.Logf("%d servers: A killed %s in, with %d posts answered and %d out; %d claims without a message at the kill; B re-sent %d with their nonces; all %d posted once, done %s after the kill",
		servers, killed.Sub(start).Round(time.Millisecond), proxyA.answered.Load(), orphans, len(claimedAt), repeated, servers, time.Since(killed).Round(time.Millisecond))
}
