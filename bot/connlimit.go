package bot

import (
	"context"
	"net"
	"net/http"
	"sync"
	"time"
)

// LimitListener holds at most n connections open. At the bound it does not
// stop accepting, which would leave a signed PING waiting in the kernel's
// backlog behind slow clients until their timeouts: it accepts the new
// connection and closes the one that has waited longest without sending a
// whole request (still on its headers or body, or idle between requests).
// A connection whose request has been read in full (the handler calls
// markWorking) is never closed; only when every one is being answered does
// Accept wait, with the one new connection, for a place.
//
// So a flood of slow clients cycles through the places, each lasting until
// n newer ones arrive, and a real request, which sends everything at once,
// is read and answered within that time. The listener holds n+1
// descriptors at most; MaxConnections leaves room for that below the limit.
func LimitListener(ln net.Listener, n int) net.Listener {
	return &limitListener{Listener: ln, max: max(n, 1), open: map[*limitConn]struct{}{},
		changed: make(chan struct{}, 1), done: make(chan struct{})}
}

type limitListener struct {
	net.Listener
	max       int
	mu        sync.Mutex
	open      map[*limitConn]struct{}
	changed   chan struct{} // a place may have come free
	done      chan struct{}
	closeOnce sync.Once
}

// limitConn is an accepted connection the listener tracks.
type limitConn struct {
	net.Conn
	l *limitListener
	// Under l.mu:
	waiting time.Time // since when it has been without a whole request
	working bool      // a request read in full and not yet answered
	once    sync.Once
}

func (l *limitListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	lc := &limitConn{Conn: c, l: l, waiting: time.Now()}
	l.mu.Lock()
	l.open[lc] = struct{}{}
	l.mu.Unlock()
	for {
		l.mu.Lock()
		if len(l.open) <= l.max {
			l.mu.Unlock()
			return lc, nil
		}
		victim := l.oldestWaitingLocked(lc)
		l.mu.Unlock()
		if victim != nil {
			victim.Close()
			continue
		}
		select {
		case <-l.changed:
		case <-l.done:
			lc.Close()
			return nil, net.ErrClosed
		}
	}
}

// oldestWaitingLocked is the open connection, other than except, that has
// waited longest without a whole request, or nil when all are working.
func (l *limitListener) oldestWaitingLocked(except *limitConn) *limitConn {
	var oldest *limitConn
	for c := range l.open {
		if c == except || c.working {
			continue
		}
		if oldest == nil || c.waiting.Before(oldest.waiting) {
			oldest = c
		}
	}
	return oldest
}

func (l *limitListener) Close() error {
	l.closeOnce.Do(func() { close(l.done) })
	return l.Listener.Close()
}

// notify wakes an Accept waiting for a place.
func (l *limitListener) notify() {
	select {
	case l.changed <- struct{}{}:
	default:
	}
}

// Close closes the connection and gives its place back, once.
func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.open, c)
		c.l.mu.Unlock()
		c.l.notify()
	})
	return err
}

// setWorking marks the connection as holding a request read in full (true)
// or as back to waiting for the next one (false).
func (c *limitConn) setWorking(working bool) {
	c.l.mu.Lock()
	c.working = working
	if !working {
		c.waiting = time.Now()
	}
	c.l.mu.Unlock()
	if !working {
		c.l.notify()
	}
}

type connKey struct{}

// withConn is the server's ConnContext: it keeps the connection in each
// request's context for markWorking.
func withConn(ctx context.Context, c net.Conn) context.Context {
	return context.WithValue(ctx, connKey{}, c)
}

// markWorking tells the request's connection, when LimitListener accepted
// it, that its request has been read in full: it is no longer a candidate
// for closing at the bound.
func markWorking(ctx context.Context) {
	if c, ok := ctx.Value(connKey{}).(*limitConn); ok {
		c.setWorking(true)
	}
}

// trackConnState is the server's ConnState: a connection that goes idle
// between requests waits again, and may be closed at the bound.
func trackConnState(c net.Conn, state http.ConnState) {
	if lc, ok := c.(*limitConn); ok && state == http.StateIdle {
		lc.setWorking(false)
	}
}
