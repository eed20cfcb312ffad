package fakediscord

import (
	"math"
	"net/http"
	"sort"
	"strconv"
	"time"
)

// arrival is when a REST request came in, for PeakRate.
type arrival struct {
	route string
	at    time.Time
}

// routeLimit is a per-route bucket set by SetRouteLimit: each distinct
// route matching prefix gets its own window of n requests per period, as
// Discord gives each channel its own message bucket.
type routeLimit struct {
	prefix  string
	n       int
	per     time.Duration
	windows map[string]*routeWindow
}

type routeWindow struct {
	used  int
	reset time.Time
}

// SetRouteLimit gives every route matching routePrefix (as in
// RateLimitNext; "POST channels/" gives each channel's message route its
// own bucket) a bucket of n requests per period. As Discord does, every
// response on such a route carries X-RateLimit-Limit, -Remaining, -Reset,
// -Reset-After and -Bucket, and a request over the bucket is answered 429
// with retry_after, so a client that reads the headers never hits it.
// n <= 0 removes the limit.
func (s *Server) SetRouteLimit(routePrefix string, n int, per time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if n <= 0 || per <= 0 {
		s.buckets = nil
		return
	}
	s.buckets = &routeLimit{prefix: routePrefix, n: n, per: per, windows: map[string]*routeWindow{}}
}

// takeRouteLocked counts a request against its route's bucket. It returns
// the rate-limit headers to send (nil for an unlimited route) and a 429
// fault when the bucket was already empty.
func (s *Server) takeRouteLocked(route string, now time.Time) (http.Header, *fault) {
	l := s.buckets
	if l == nil || !routeMatches(route, l.prefix) {
		return nil, nil
	}
	w := l.windows[route]
	if w == nil || !now.Before(w.reset) {
		w = &routeWindow{reset: now.Add(l.per)}
		l.windows[route] = w
	}
	w.used++
	after := w.reset.Sub(now)
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(l.n))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(l.n-w.used, 0)))
	// Rounded up to the millisecond, as Discord does: a value rounded down
	// would send a client back up to half a millisecond before the window
	// opens, into a 429.
	resetMilli := (w.reset.UnixNano() + int64(time.Millisecond) - 1) / int64(time.Millisecond)
	h.Set("X-RateLimit-Reset", strconv.FormatFloat(float64(resetMilli)/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Reset-After", strconv.FormatFloat(math.Ceil(after.Seconds()*1000)/1000, 'f', 3, 64))
	h.Set("X-RateLimit-Bucket", "fake-"+route)
	if w.used > l.n {
		s.limited++
		return h, &fault{status: http.StatusTooManyRequests, retryAfter: after}
	}
	return h, nil
}

// RateLimited counts the requests SetRouteLimit's buckets answered 429.
func (s *Server) RateLimited() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.limited
}

// PeakRate is the most REST requests matching prefix (as in Requests; ""
// matches all) that arrived within any one window, say one second: what
// Discord's global limit of 50 requests a second is measured against.
func (s *Server) PeakRate(prefix string, window time.Duration) int {
	s.mu.Lock()
	var at []time.Time
	for _, a := range s.arrivals {
		if routeMatches(a.route, prefix) {
			at = append(at, a.at)
		}
	}
	s.mu.Unlock()
	sort.Slice(at, func(i, j int) bool { return at[i].Before(at[j]) })
	peak, first := 0, 0
	for last := range at {
		for at[last].Sub(at[first]) >= window {
			first++
		}
		peak = max(peak, last-first+1)
	}
	return peak
}
