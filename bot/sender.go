package bot

import (
	"fmt"
	"math"
	"net/http"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/time/rate"
)

// DefaultSendRate is Discord's global limit for one bot: 50 requests a
// second, across every process that uses its token.
const DefaultSendRate = 50

// maxSendRate bounds CLUBBOT_SEND_RATE: bots Discord grants a higher global
// limit get a few hundred a second, not more.
const maxSendRate = 1000

// rateMargin keeps the limiter 10% under the configured rate. Requests
// leave on our clock and arrive on Discord's: on a busy machine goroutine
// wake-ups and the network bunch them by tens of milliseconds, which at the
// full rate puts 51 into one of Discord's seconds (seen at 5% under: 50).
// At 50/s this still sends 10,000 posts in about 222 s.
const rateMargin = 0.9

// Sender is the scheduler's way to Discord (SPEC 6: one paced queue).
//
// Its REST session is its own, not the one interaction callbacks and
// follow-ups use: discordgo keeps the per-route buckets and the global lock
// it takes after a global 429 in a session's Ratelimiter, and Discord does
// not count interaction callbacks against the global limit, so a burst of
// scheduled posts must never hold a member's answer up. Every request of
// that session, discordgo's own retries included, first waits for a token
// of one limiter (golang.org/x/time/rate) in its HTTP transport, so the
// whole process stays under rate requests a second. Requests to one route
// (a channel's messages) are paced by discordgo's bucket for it, which
// reads Discord's X-RateLimit headers and sends one request of a bucket at
// a time.
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
	if perSecond < 0 || perSecond > maxSendRate || math.IsNaN(perSecond) {
		return nil, fmt.Errorf("send rate %v: want 0 < rate <= %d requests a second", perSecond, maxSendRate)
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
	// Burst 1: requests are spread evenly, never bunched at a second's start.
	lim := rate.NewLimiter(rate.Limit(perSecond*rateMargin), 1)
	s.Client.Transport = &pacedTransport{limiter: lim, next: next}
	return &Sender{REST: s, workers: inFlight(perSecond)}, nil
}

// inFlight is how many servers the scheduler works on at once: enough
// requests in flight to use the whole rate while each takes up to a second
// (Discord's latency plus our database work; at 100 ms, a tenth of them is
// busy on the network at any time). The rest wait for the limiter.
func inFlight(perSecond float64) int {
	return max(1, int(math.Ceil(perSecond)))
}

// Workers is how many servers the scheduler serves at once.
func (s *Sender) Workers() int { return s.workers }

// pacedTransport waits for a token of the limiter before each request.
type pacedTransport struct {
	limiter *rate.Limiter
	next    http.RoundTripper
}

func (t *pacedTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if err := t.limiter.Wait(req.Context()); err != nil {
		if req.Body != nil {
			req.Body.Close() // a RoundTripper closes the body, even on errors
		}
		return nil, fmt.Errorf("wait for the send rate: %w", err)
	}
	return t.next.RoundTrip(req)
}
