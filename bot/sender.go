package bot

import (
	"fmt"
	"math"
	"net/http"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"
)

// DefaultSendRate is Discord's global limit for one bot: 50 requests a
// second, across every process that uses its token.
const DefaultSendRate = 50

// MaxSendRate bounds CLUBBOT_SEND_RATE: bots Discord grants a higher global
// limit get a few hundred a second, not more.
const MaxSendRate = 1000

// window is the span Discord counts its global limit over.
const window = time.Second

// Sender is the scheduler's way to Discord (SPEC 6: one paced queue).
//
// Its REST session is its own, not the one interaction callbacks and
// follow-ups use: discordgo keeps the per-route buckets and the global lock
// it takes after a global 429 in a session's Ratelimiter, and Discord does
// not count interaction callbacks against the global limit, so a burst of
// scheduled posts must never hold a member's answer up.
//
// Every request of that session, discordgo's own retries included, passes
// two gates in its HTTP transport. A limiter (golang.org/x/time/rate, burst
// 1) spaces the requests evenly at rate a second. And a request holds one of
// rate slots from before it leaves until one second after its answer came
// back, so at most rate requests ever arrive at Discord within one second
// however the machine or the network bunch them on the way (a request that
// arrives in a second was answered after it, and still holds its slot at
// that second's end). At 100 ms of latency a slot serves a request each
// 1.1 s: 50 slots send 45 a second, 10,000 posts in about 220 s.
//
// Requests to one route (a channel's messages) are paced by discordgo's
// bucket for it, which reads Discord's X-RateLimit headers and sends one
// request of a bucket at a time.
//
// The global limit is per bot token: with several replicas or shards
// sending scheduled posts, give each rate / replicas (CLUBBOT_SEND_RATE).
type Sender struct {
	// REST is the paced session.
	REST    *discordgo.Session
	workers int
}

// NewSender returns a sender at perSecond requests a second (0 means
// DefaultSendRate) over a new session with rest's token and HTTP transport
// (so a DISCORD_API_URL rewrite carries over) and its own rate limiter.
func NewSender(rest *discordgo.Session, perSecond float64) (*Sender, error) {
	if rest == nil {
		return nil, fmt.Errorf("scheduled posts: no REST session")
	}
	if perSecond == 0 {
		perSecond = DefaultSendRate
	}
	if perSecond < 0 || perSecond > MaxSendRate || math.IsNaN(perSecond) {
		return nil, fmt.Errorf("send rate %v: want 0 < rate <= %d requests a second", perSecond, MaxSendRate)
	}
	s, err := discordgo.New(rest.Token)
	if err != nil {
		return nil, fmt.Errorf("scheduled posts session: %w", err)
	}
	s.UserAgent = rest.UserAgent
	s.MaxRestRetries = rest.MaxRestRetries
	s.ShouldRetryOnRateLimit = rest.ShouldRetryOnRateLimit
	s.StateEnabled = false // REST only: no gateway events reach it
	next := http.DefaultTransport
	if rest.Client != nil {
		s.Client.Timeout = rest.Client.Timeout
		if rest.Client.Transport != nil {
			next = rest.Client.Transport
		}
	}
	n := slots(perSecond)
	s.Client.Transport = &pacedTransport{
		limiter: rate.NewLimiter(rate.Limit(perSecond), 1),
		slots:   make(chan struct{}, n),
		next:    next,
	}
	return &Sender{REST: s, workers: n}, nil
}

// slots is how many requests may arrive within one window at perSecond:
// also how many servers the scheduler works on at once, which is enough
// requests in flight to use the whole rate (the rest wait for a slot).
func slots(perSecond float64) int {
	return max(1, int(math.Floor(perSecond*window.Seconds())))
}

// Workers is how many servers the scheduler serves at once.
func (s *Sender) Workers() int { return s.workers }

// pacedTransport takes a slot, then waits for the limiter, before each
// request, and gives the slot back a window after the answer.
type pacedTransport struct {
	limiter *rate.Limiter
	slots   chan struct{}
	next    http.RoundTripper
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	select {
	case t.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, t.refuse(req, ctx.Err())
	}
	if err := t.limiter.Wait(ctx); err != nil {
		<-t.slots
		return nil, t.refuse(req, err)
	}
	resp, err := t.next.RoundTrip(req)
	time.AfterFunc(window, func() { <-t.slots })
	return resp, err
}

// refuse closes the body of a request not sent, as a RoundTripper must.
func (t *pacedTransport) refuse(req *http.Request, err error) error {
	if req.Body != nil {
		req.Body.Close()
	}
	return fmt.Errorf("wait for the send rate: %w", err)
}
