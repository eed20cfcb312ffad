package loadtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
)

// slowRun is what one slow-client run measured.
type slowRun struct {
	clients   int           // slow connections opened
	heldAtMin int           // the fewest of them still open at a PING
	pings     int           // signed PINGs sent on new connections meanwhile
	answered  int           // ... answered 200 with PONG
	pingMax   time.Duration // the slowest PING answer
	baseRSS   int           // kB before the slow clients
	peakRSS   int           // kB, the most while they held on
	cutAll    time.Duration // from the last slow client's start until the server had closed all
	cut       int           // slow connections the server closed
}

func (r slowRun) String() string {
	return fmt.Sprintf("SLOW-CLIENTS clients=%d held>=%d pings=%d answered=%d ping_max=%s rss_base=%.1fMB rss_peak=%.1fMB cut=%d all_cut_after=%s",
		r.clients, r.heldAtMin, r.pings, r.answered, r.pingMax.Round(100*time.Microsecond),
		float64(r.baseRSS)/1024, float64(r.peakRSS)/1024, r.cut, r.cutAll.Round(100*time.Millisecond))
}

// measureSlowClients runs `clubbot serve` and opens n connections that
// never finish their requests: half send their headers a byte a second, half
// send complete, well-formed signature headers and nearly all of a 64 KiB
// body, then a byte a second (the memory a stalled body can hold). While
// they hold on, signed PINGs go out on new connections; then it waits for
// the server's timeouts to close every slow connection.
//
// nofile, when not 0, is the server's open-file limit: below the number of
// slow clients, so its connection bound, not the clients, decides how many
// are held.
func measureSlowClients(tb testing.TB, n, nofile int) slowRun {
	tb.Helper()
	w := newWorld(tb, 1)
	dbPath := filepath.Join(tb.TempDir(), "slow.db")
	prepareDB(tb, w, dbPath)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		tb.Fatal(err)
	}
	c := launchWithFiles(tb, nofile, []string{"serve"}, botEnv(w, dbPath, freeAddr(tb), "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "CLUBBOT_HTTP_ADDR="+freeAddr(tb)))
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	for {
		if h, err := c.health(ctx); err == nil && h.Database == "ok" {
			break
		}
		if ctx.Err() != nil || c.exited() {
			tb.Fatalf("serve did not come up\n%s", c.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	url := "http://" + c.httpAddr + "/interactions"
	ping := func() (time.Duration, bool) {
		body, _ := json.Marshal(w.fake.Ping())
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", fakediscord.Sign(priv, ts, body))
		client := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		start := time.Now()
		resp, err := client.Do(req)
		took := time.Since(start)
		if err != nil {
			return took, false
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return took, resp.StatusCode == http.StatusOK && strings.Contains(string(b), `"type":1`)
	}
	if _, ok := ping(); !ok {
		tb.Fatalf("a signed PING on an idle server was not answered\n%s", tail(c.out.String(), 20))
	}
	run := slowRun{clients: n, heldAtMin: n}
	run.baseRSS, _ = rssKB(c.pid())

	var open atomic.Int64
	var wg sync.WaitGroup
	stop := make(chan struct{})
	for k := 0; k < n; k++ {
		conn, err := net.Dial("tcp", c.httpAddr)
		if err != nil {
			close(stop)
			tb.Fatalf("slow client %d: %v", k, err)
		}
		defer conn.Close()
		var first []byte
		if k%2 == 0 { // slow headers
			first = []byte("POST /interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
		} else { // slow body, after headers that pass every check a body's absence allows
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			sig := strings.Repeat("ab", 64)
			first = fmt.Appendf(nil, "POST /interactions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: %d\r\nX-Signature-Timestamp: %s\r\nX-Signature-Ed25519: %s\r\n\r\n", 64<<10, ts, sig)
			first = append(first, bytes.Repeat([]byte(" "), 60<<10)...)
		}
		if _, err := conn.Write(first); err != nil {
			close(stop)
			tb.Fatalf("slow client %d: %v", k, err)
		}
		open.Add(1)
		wg.Add(2)
		go func() { // a byte a second until the server hangs up
			defer wg.Done()
			t := time.NewTicker(time.Second)
			defer t.Stop()
			for {
				select {
				case <-stop:
					return
				case <-t.C:
					if _, err := conn.Write([]byte("x")); err != nil {
						return
					}
				}
			}
		}()
		go func() { // the server closing the connection ends this read
			defer wg.Done()
			io.Copy(io.Discard, conn)
			open.Add(-1)
		}()
	}
	lastStart := time.Now()

	// While all of them hold on (the header timeout is 5 s): PINGs on new
	// connections, and the server's memory.
	for p := 0; p < 6; p++ {
		time.Sleep(500 * time.Millisecond)
		held := int(open.Load())
		run.heldAtMin = min(run.heldAtMin, held)
		took, ok := ping()
		run.pings++
		if ok {
			run.answered++
		}
		run.pingMax = max(run.pingMax, took)
		if kb, err := rssKB(c.pid()); err == nil {
			run.peakRSS = max(run.peakRSS, kb)
		}
	}
	// The timeouts close every slow connection: headers after 5 s, bodies
	// after the 10 s read timeout.
	deadline := time.Now().Add(20 * time.Second)
	for open.Load() > 0 && time.Now().Before(deadline) {
		if kb, err := rssKB(c.pid()); err == nil {
			run.peakRSS = max(run.peakRSS, kb)
		}
		time.Sleep(100 * time.Millisecond)
	}
	run.cutAll = time.Since(lastStart)
	run.cut = n - int(open.Load())
	close(stop)
	if took, ok := ping(); !ok {
		tb.Errorf("PING after the slow clients: not answered (%s)", took)
	}
	c.terminate(15 * time.Second)
	return run
}

// TestSlowClients is SPEC 9's bounded HTTP endpoint as a whole-binary proof:
// 300 slow clients (slow headers and stalled bodies) hold connections to
// `clubbot serve`; signed PINGs on new connections are still answered,
// memory stays bounded, and the read timeouts cut every slow connection.
// The figures (PING time, RSS) are SPEC 8's; BenchmarkSlowClients reports
// them, and this test holds them only to loose bounds (Discord's 3 s, 120 MB)
// so a busy machine cannot make it flaky.
//
// Under `ulimit -n 256` the server holds fewer connections than there are
// slow clients; the listener closes the longest-waiting slow ones for new
// connections, so the PINGs still get through.
func TestSlowClients(t *testing.T) {
	for _, tt := range []struct {
		name     string
		nofile   int
		wantHeld int // slow clients still held at every PING, at least
	}{
		{"default limits", 0, 270},
		{"ulimit -n 256", 256, 150},
	} {
		t.Run(tt.name, func(t *testing.T) {
			run := measureSlowClients(t, 300, tt.nofile)
			t.Log(run)
			checkSlowRun(t, run, tt.wantHeld)
		})
	}
}

func checkSlowRun(t *testing.T, run slowRun, wantHeld int) {
	t.Helper()
	if run.heldAtMin < wantHeld {
		t.Errorf("only %d of %d slow clients were still holding on at a PING (want %d): the test did not load the server", run.heldAtMin, run.clients, wantHeld)
	}
	if run.answered != run.pings || run.pingMax > 3*time.Second {
		t.Errorf("%d of %d PINGs answered, slowest %s", run.answered, run.pings, run.pingMax)
	}
	if run.peakRSS > 120*1024 {
		t.Errorf("peak RSS %d kB, want < 120 MB", run.peakRSS)
	}
	if run.cut != run.clients {
		t.Errorf("the server closed %d of %d slow connections within %s", run.cut, run.clients, run.cutAll)
	}
}

// BenchmarkSlowClients reports SPEC 8's slow-client row: the slowest signed
// PING answered while 300 slow clients hold connections (target < 1 s) and
// peak resident memory (target < 120 MB).
//
//	go test -tags sqlite_fts5 -run '^$' -bench SlowClients -benchtime 1x -v ./loadtest
func BenchmarkSlowClients(b *testing.B) {
	for range b.N {
		run := measureSlowClients(b, 300, 0)
		b.Log(run)
		fmt.Println(run)
		b.ReportMetric(float64(run.pingMax.Microseconds())/1000, "ping-max-ms")
		b.ReportMetric(float64(run.peakRSS)/1024, "peak-rss-MB")
		b.ReportMetric(float64(run.heldAtMin), "slow-held")
	}
}
