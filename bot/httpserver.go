package bot

import (
	"net/http"
	"time"
)

// The public interactions endpoint's limits (SPEC 9): a client that sends
// its headers or body slowly is cut off, connections and header bytes are
// bounded, so slow or idle clients cannot hold the memory, goroutines and
// file descriptors a signed PING needs.
const (
	// readHeaderTimeout bounds the wait for a request's headers.
	readHeaderTimeout = 5 * time.Second
	// readTimeout bounds reading a whole request, body included; a real
	// interaction's few KB arrive in milliseconds.
	readTimeout = 10 * time.Second
	// writeTimeout bounds a request from the end of its headers to the end
	// of the answer: Discord gives up after 3 s, and a response carrying a
	// file is first POSTed to the callback endpoint (retried on 5xx).
	writeTimeout = 10 * time.Second
	// idleTimeout bounds a kept-alive connection between requests.
	idleTimeout = 60 * time.Second
	// maxHeaderBytes bounds a request's headers; Discord's are under 1 KB.
	maxHeaderBytes = 16 << 10
	// maxConnections bounds open connections (lowered to fit the process's
	// file descriptor limit, see MaxConnections).
	maxConnections = 1024
	// fdReserve is the descriptors kept for the database, Discord and the
	// metrics port when the connection bound comes from the fd limit.
	fdReserve = 64
)

// NewInteractionsServer is the http.Server for the public interactions
// endpoint, with read, write and idle timeouts and a header limit. Serve it
// on LimitListener(ln, MaxConnections()): the server tells the listener
// which connections are between requests, and the handler which have sent a
// whole request, so that at the bound the listener closes a slow or idle
// connection rather than one being answered.
func NewInteractionsServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ConnContext:       withConn,
		ConnState:         trackConnState,
	}
}

// MaxConnections is the bound on the endpoint's open connections:
// maxConnections, or fewer when the file descriptor limit would be reached
// first (accepting past it fails with EMFILE and nothing gets answered).
func MaxConnections() int {
	n := maxConnections
	if fds, ok := openFileLimit(); ok && fds-fdReserve < uint64(n) {
		n = int(max(fds, 2*fdReserve) - fdReserve)
	}
	return n
}
