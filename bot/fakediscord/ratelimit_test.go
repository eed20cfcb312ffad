package fakediscord_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// post sends one channel message with a plain HTTP client, so the test
// sees each response's status and headers as Discord would send them.
func post(t *testing.T, w *world, channelID string) *http.Response {
	t.Helper()
	req, err := http.NewRequest("POST", w.srv.APIURL()+"channels/"+channelID+"/messages",
		strings.NewReader(`{"content":"hi","allowed_mentions":{"parse":[]}}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bot tok")
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

// TestRouteLimitHeaders: with SetRouteLimit each channel's message route
// has its own bucket; every response says what is left, and a request past
// it gets 429 with retry_after.
func TestRouteLimitHeaders(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	other := w.srv.AddChannel(w.guild, "other")
	w.srv.SetRouteLimit("POST channels/", 3, 500*time.Millisecond)
	for i, want := range []string{"2", "1", "0"} {
		resp := post(t, w, w.channel)
		if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
			t.Fatalf("request %d: status %d", i, resp.StatusCode)
		}
		if got := resp.Header.Get("X-RateLimit-Remaining"); got != want || resp.Header.Get("X-RateLimit-Limit") != "3" ||
			resp.Header.Get("X-RateLimit-Reset-After") == "" || resp.Header.Get("X-RateLimit-Bucket") == "" {
			t.Fatalf("request %d: headers %v, want remaining %s", i, resp.Header, want)
		}
	}
	if resp := post(t, w, w.channel); resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Fatalf("past the bucket: status %d headers %v", resp.StatusCode, resp.Header)
	}
	if resp := post(t, w, other); resp.StatusCode == http.StatusTooManyRequests {
		t.Fatal("another channel's bucket was used up too")
	}
	if n := w.srv.RateLimited(); n != 1 {
		t.Fatalf("RateLimited = %d, want 1", n)
	}
	time.Sleep(550 * time.Millisecond)
	if resp := post(t, w, w.channel); resp.StatusCode == http.StatusTooManyRequests {
		t.Fatal("the bucket did not reset")
	}
	if n := len(w.srv.Messages(w.channel)); n != 4 {
		t.Fatalf("%d messages stored, want 4 (the limited one is not)", n)
	}
}

// TestRouteLimitDiscordgo: discordgo reads the bucket headers and waits
// for the reset instead of running into 429s.
func TestRouteLimitDiscordgo(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "tok")
	w.srv.SetRouteLimit("POST channels/", 3, 300*time.Millisecond)
	start := time.Now()
	for range 7 {
		if _, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{Content: "hi", AllowedMentions: noPings()}); err != nil {
			t.Fatal(err)
		}
	}
	if took := time.Since(start); took < 600*time.Millisecond {
		t.Errorf("7 messages through a bucket of 3 per 300ms in %v, want >= 600ms", took)
	}
	if n := w.srv.RateLimited(); n != 0 {
		t.Errorf("discordgo ran into %d 429s", n)
	}
}

// TestPeakRate: the fake reports the most requests in any window.
func TestPeakRate(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	for range 4 {
		post(t, w, w.channel)
	}
	time.Sleep(300 * time.Millisecond)
	for range 3 {
		post(t, w, w.channel)
	}
	if got := w.srv.PeakRate("POST channels/", time.Second); got != 7 {
		t.Errorf("peak in 1s = %d, want 7", got)
	}
	if got := w.srv.PeakRate("POST channels/", 250*time.Millisecond); got != 4 {
		t.Errorf("peak in 250ms = %d, want 4", got)
	}
	if got := w.srv.PeakRate("GET ", time.Second); got != 0 {
		t.Errorf("peak of GETs = %d, want 0", got)
	}
}
