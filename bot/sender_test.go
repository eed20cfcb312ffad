package bot

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"

	"clubbot"
	"clubbot/bot/fakediscord"
)

// burst is a fake Discord with many servers, each with its check-in
// channel, and one database whose settings have every server's daily post
// due in the same minute.
type burst struct {
	*testBot // its database and clock; no server of its own
	srv      *fakediscord.Server
	guilds   []string
	channels map[string]string // guild -> channel
	rest     *discordgo.Session
}

// burstMonday0700 is a Monday 07:00:30 UTC: every server's daily post
// (07:00 UTC by default) is due, and no weekly leaderboard.
var burstMonday0700 = time.Date(2025, 6, 2, 7, 0, 30, 0, time.UTC)

func newBurst(tb testing.TB, servers int, latency time.Duration) *burst {
	tb.Helper()
	srv, err := fakediscord.Start()
	if err != nil {
		tb.Fatalf("fake discord: %v", err)
	}
	tb.Cleanup(srv.Close)
	b := &burst{testBot: newTestBot(tb), srv: srv, channels: map[string]string{}}
	b.setNow(burstMonday0700)
	for range servers {
		b.add(tb)
	}
	if b.rest, err = NewSession("test-token", srv.APIURL()); err != nil {
		tb.Fatal(err)
	}
	srv.SetLatency(latency)
	return b
}

// addServer adds a server to the fake and its settings, with its first
// channel as the check-in channel, to db.
func addServer(tb testing.TB, srv *fakediscord.Server, db Store) (guild, channel string) {
	tb.Helper()
	guild = srv.AddGuild("club")
	st := clubbot.DefaultSettings(guild)
	st.ChannelID = srv.Channels(guild)[0].ID
	if err := db.SaveSettings(context.Background(), st); err != nil {
		tb.Fatal(err)
	}
	return guild, st.ChannelID
}

// add adds one server to the burst and returns its id.
func (b *burst) add(tb testing.TB) string {
	g, ch := addServer(tb, b.srv, b.Store)
	b.guilds = append(b.guilds, g)
	b.channels[g] = ch
	return g
}

// scheduler is a scheduler of one process: its own database handle and
// REST session (rest, or the burst's), paced at perSecond, for shard.
func (b *burst) scheduler(tb testing.TB, rest *discordgo.Session, perSecond float64, shard clubbot.Shard) *Scheduler {
	tb.Helper()
	if rest == nil {
		rest = b.rest
	}
	bot := &Bot{Store: b.openStore(tb), REST: rest, Now: b.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	sender, err := NewSender(rest, perSecond)
	if err != nil {
		tb.Fatal(err)
	}
	return &Scheduler{Bot: bot, Sender: sender, Shard: shard}
}

// checkOnce fails unless every server's channel holds exactly one message,
// today's daily post, sent by one request each.
func (b *burst) checkOnce(tb testing.TB) {
	tb.Helper()
	bad := 0
	for _, g := range b.guilds {
		msgs := b.srv.Messages(b.channels[g])
		if len(msgs) != 1 || ftKind(msgs[0]) != postDaily {
			if bad++; bad <= 3 {
				tb.Errorf("server %s: %d messages, want its one daily post", g, len(msgs))
			}
		}
	}
	if n := b.srv.Requests("POST channels/"); n != len(b.guilds) {
		tb.Errorf("%d message requests for %d servers, want one each", n, len(b.guilds))
	}
}

// TestPacedBurst: 300 servers' daily posts due at one minute, Discord at
// 100 ms latency, a send rate of 50/s: all are sent, once each, in about
// the 6 s the rate allows (one at a time would take 30 s), and no second
// ever sees more than 50 requests.
func TestPacedBurst(t *testing.T) {
	const servers, rate = 300, 50
	b := newBurst(t, servers, 100*time.Millisecond)
	s := b.scheduler(t, nil, rate, clubbot.Shard{})
	start := time.Now()
	if err := s.Tick(context.Background()); err != nil {
		t.Fatalf("tick: %v", err)
	}
	took := time.Since(start)
	b.checkOnce(t)
	if peak := b.srv.PeakRate("", time.Second); peak > rate {
		t.Errorf("%d requests in one second, want at most %d", peak, rate)
	}
	if min := time.Duration(servers-1) * time.Second / rate; took < min {
		t.Errorf("%d posts in %v: faster than %d/s allows (%v)", servers, took, rate, min)
	}
	if took > 12*time.Second {
		t.Errorf("%d posts at %d/s took %v, want about 6s", servers, rate, took)
	}
	t.Logf("%d posts in %v, peak %d requests/s", servers, took.Round(time.Millisecond), b.srv.PeakRate("", time.Second))
	// A later tick sends nothing more.
	if err := s.Tick(context.Background()); err != nil {
		t.Fatalf("second tick: %v", err)
	}
	b.checkOnce(t)
}

// BenchmarkScheduledBurst10k is SPEC 8's row: 10,000 servers' daily posts
// due at one minute, the fake Discord at 100 ms latency, the default send
// rate (Discord's 50 requests/s): all sent within 240 s, none twice, at
// most 50 requests in any second. Run it alone:
//
//	go test -run '^$' -bench BenchmarkScheduledBurst10k -benchtime 1x -timeout 20m ./bot/
func BenchmarkScheduledBurst10k(bm *testing.B) {
	const servers = 10000
	for bm.Loop() {
		bm.StopTimer()
		b := newBurst(bm, servers, 100*time.Millisecond)
		s := b.scheduler(bm, nil, DefaultSendRate, clubbot.Shard{})
		bm.StartTimer()
		start := time.Now()
		if err := s.Tick(context.Background()); err != nil {
			bm.Fatalf("tick: %v", err)
		}
		took := time.Since(start)
		bm.StopTimer()
		b.checkOnce(bm)
		peak := b.srv.PeakRate("", time.Second)
		if peak > DefaultSendRate {
			bm.Errorf("%d requests in one second, want at most %d", peak, DefaultSendRate)
		}
		if took > 240*time.Second {
			bm.Errorf("%d posts took %v, want within 240s", servers, took)
		}
		bm.ReportMetric(took.Seconds(), "s/burst")
		bm.ReportMetric(float64(servers)/took.Seconds(), "posts/s")
		bm.ReportMetric(float64(peak), "peak-req/s")
		bm.StartTimer()
	}
}

// TestSenderRouteBucket: one channel's posts keep to the bucket Discord
// announces in its X-RateLimit headers: seven posts due in one channel
// (six challenge starts and the daily post), a bucket of 2 per 400 ms, no
// 429, each sent once, challenge news still before the daily post.
func TestSenderRouteBucket(t *testing.T) {
	w := newWorld(t, "UTC", time.Date(2025, 6, 2, 7, 0, 0, 0, time.UTC))
	day := clubbot.DayFromDate(2025, 6, 2)
	for n := range 6 { // made the day before, so each start is announced today
		if _, err := w.Store.CreateChallenge(w.ctx, clubbot.Challenge{GuildID: w.guild, Name: fmt.Sprintf("Feet %d", n), Start: day, Days: 5,
			DailyMinutes: 10, CreatedBy: "1", CreatedAt: w.Now().AddDate(0, 0, -1)}); err != nil {
			t.Fatal(err)
		}
	}
	w.srv.SetRouteLimit("POST channels/", 2, 400*time.Millisecond)
	start := time.Now()
	w.tick(w.sched)
	took := time.Since(start)
	msgs := w.posts("")
	if len(msgs) != 7 || ftKind(msgs[6]) != postDaily {
		t.Fatalf("%d messages, want 6 challenge starts then the daily post", len(msgs))
	}
	if n := w.srv.RateLimited(); n != 0 {
		t.Errorf("%d requests answered 429: the bucket headers were not kept to", n)
	}
	if n := w.srv.Requests("POST channels/" + w.channel + "/messages"); n != 7 {
		t.Errorf("%d requests for 7 posts", n)
	}
	if took < 1200*time.Millisecond {
		t.Errorf("7 posts through a bucket of 2 per 400ms in %v, want >= 1.2s", took)
	}
}

// TestInteractionsNotPaced: while the scheduler works through a burst at a
// low send rate, interaction callbacks on the gateway session go out at
// once: the paced session is a separate session, with its own limiter and
// its own discordgo ratelimiter (whose global lock a global 429 on
// scheduled posts would take).
func TestInteractionsNotPaced(t *testing.T) {
	w := newGatewayWorld(t)
	const servers, rate = 30, 10
	var channels []string
	for range servers {
		_, ch := addServer(t, w.srv, w.Store)
		channels = append(channels, ch)
	}
	sender, err := NewSender(w.REST, rate)
	if err != nil {
		t.Fatal(err)
	}
	if sender.REST == w.REST || sender.REST.Ratelimiter == w.REST.Ratelimiter {
		t.Fatal("the paced session shares the interaction session or its ratelimiter")
	}
	s := &Scheduler{Bot: w.Bot, Sender: sender}
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- s.Tick(w.ctx) }()
	time.Sleep(300 * time.Millisecond) // the limiter is busy now
	for range 5 {
		cb, _ := w.command(w.members["ann"], "checkin", fakediscord.Int("minutes", 10))
		if cb.Latency > 250*time.Millisecond {
			t.Errorf("a callback took %v while scheduled posts were paced", cb.Latency)
		}
	}
	inBurst := time.Since(start)
	if err := <-done; err != nil {
		t.Fatalf("tick: %v", err)
	}
	t.Logf("callbacks done after %v, burst after %v", inBurst, time.Since(start))
	if took := time.Since(start); took < inBurst || took < 2*time.Second {
		t.Fatalf("the burst ended after %v, before the callbacks (%v): nothing was paced", took, inBurst)
	}
	for _, ch := range channels {
		if n := len(w.srv.Messages(ch)); n != 1 {
			t.Errorf("channel %s: %d posts, want 1", ch, n)
		}
	}
}

// recorder notes the channels a session posted messages to.
type recorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]int
}

func (r *recorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if p := req.URL.Path; req.Method == http.MethodPost && strings.HasSuffix(p, "/messages") {
		parts := strings.Split(p, "/")
		r.mu.Lock()
		r.seen[parts[len(parts)-2]]++
		r.mu.Unlock()
	}
	return r.next.RoundTrip(req)
}

// TestShardsPostTheirServers: two shards' schedulers on one database, ticking
// together: each server's daily post comes from the shard that owns it
// ((guild_id >> 22) % 2), once.
func TestShardsPostTheirServers(t *testing.T) {
	b := newBurst(t, 0, 0)
	// Fake ids carry the millisecond they were made in their top bits, so
	// servers made a little apart fall on both shards.
	ctx := context.Background()
	perShard := [2]int{}
	for len(b.guilds) < 60 && (perShard[0] < 5 || perShard[1] < 5) {
		perShard[clubbot.ShardOf(b.add(t), 2)]++
		time.Sleep(time.Millisecond)
	}
	if perShard[0] == 0 || perShard[1] == 0 {
		t.Fatalf("servers per shard %v: the test needs both", perShard)
	}
	var scheds [2]*Scheduler
	var recs [2]*recorder
	for id := range 2 {
		rest, err := NewSession("test-token", b.srv.APIURL())
		if err != nil {
			t.Fatal(err)
		}
		recs[id] = &recorder{next: rest.Client.Transport, seen: map[string]int{}}
		rest.Client.Transport = recs[id]
		scheds[id] = b.scheduler(t, rest, DefaultSendRate, clubbot.Shard{ID: id, Count: 2})
	}
	for range 3 {
		var wg sync.WaitGroup
		for _, s := range scheds {
			wg.Go(func() {
				if err := s.Tick(ctx); err != nil {
					t.Errorf("tick: %v", err)
				}
			})
		}
		wg.Wait()
		b.advance(20 * time.Second)
	}
	b.checkOnce(t)
	for _, g := range b.guilds {
		own := clubbot.ShardOf(g, 2)
		if n := recs[own].seen[b.channels[g]]; n != 1 {
			t.Errorf("server %s: its shard %d sent %d posts, want 1", g, own, n)
		}
		if n := recs[1-own].seen[b.channels[g]]; n != 0 {
			t.Errorf("server %s: shard %d, not its owner, sent %d posts", g, 1-own, n)
		}
	}
}

// TestNewSenderRate: the rate is checked; 0 means Discord's 50/s; the
// slots and the worker pool are the requests one second may see.
func TestNewSenderRate(t *testing.T) {
	rest, err := NewSession("t", "http://127.0.0.1:9/api/v10/")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		rate    float64
		workers int
		wantErr bool
	}{
		{0, DefaultSendRate, false},
		{50, 50, false},
		{12.5, 12, false},
		{0.5, 1, false},
		{-1, 0, true},
		{MaxSendRate + 1, 0, true},
	}
	for _, tt := range tests {
		s, err := NewSender(rest, tt.rate)
		if (err != nil) != tt.wantErr {
			t.Errorf("NewSender(%v): err %v, want error %v", tt.rate, err, tt.wantErr)
			continue
		}
		if err == nil && s.Workers() != tt.workers {
			t.Errorf("NewSender(%v): %d workers, want %d", tt.rate, s.Workers(), tt.workers)
		}
	}
	if _, err := NewSender(nil, 50); err == nil {
		t.Error("NewSender without a session: no error")
	}
}

// stallTransport holds a request sent in the stall [from, to) until to, as
// a machine too busy to write or a network hiccup would, then passes it on.
type stallTransport struct {
	from, to time.Time
	next     http.RoundTripper
}

func (s *stallTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if now := time.Now(); !now.Before(s.from) && now.Before(s.to) {
		time.Sleep(s.to.Sub(now))
	}
	return s.next.RoundTrip(req)
}

// TestPacedTransportStall: requests held up on the way and then let go
// together still arrive at most rate in any second. A limiter alone lets
// the held ones and the next second's arrive together (26 at a rate of 20
// here); the slots, held until a second after each answer, do not.
func TestPacedTransportStall(t *testing.T) {
	const perSecond, requests = 20, 50
	srv, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	start := time.Now()
	client := &http.Client{Transport: &pacedTransport{
		limiter: rate.NewLimiter(perSecond, 1),
		slots:   make(chan struct{}, slots(perSecond)),
		next:    &stallTransport{from: start.Add(500 * time.Millisecond), to: start.Add(800 * time.Millisecond), next: http.DefaultTransport},
	}}
	var wg sync.WaitGroup
	for range requests {
		wg.Go(func() {
			req, err := http.NewRequest("GET", srv.APIURL()+"users/@me", nil)
			if err != nil {
				t.Error(err)
				return
			}
			req.Header.Set("Authorization", "Bot t")
			resp, err := client.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
		})
	}
	wg.Wait()
	if n, peak := srv.Requests(""), srv.PeakRate("", time.Second); n != requests || peak > perSecond {
		t.Fatalf("%d requests arrived, at most %d in one second; want %d, at most %d", n, peak, requests, perSecond)
	}
}
