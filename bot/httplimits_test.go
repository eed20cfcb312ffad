package bot

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
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
)

// TestInteractionSizes measures interactions as the fake Discord sends them,
// at the limits of what members can type into clubbot's commands and modals
// (Discord enforces each option's and text input's max_length before it
// signs), and a click on a message as large as Discord allows, to show
// maxInteractionBody fits real payloads with room to spare. Text is emoji,
// 4 bytes a character in UTF-8, the most JSON's raw form takes.
func TestInteractionSizes(t *testing.T) {
	fake, err := fakediscord.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer fake.Close()
	guild := fake.AddGuild("Runners")
	ann := fake.AddMember(guild, "ann", discordgo.PermissionManageGuild)
	var mu sync.Mutex
	var size int
	rec := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		size = len(b)
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"type":1}`)
	}))
	defer rec.Close()
	_, priv, _ := ed25519.GenerateKey(nil)
	emoji := func(n int) string { return strings.Repeat("🦶", n) }

	// A check-in post as big as Discord allows a message to be: embeds
	// at their 6,000-character total and five rows of five buttons.
	post := &discordgo.Message{ID: "1", ChannelID: "2", Content: emoji(2000),
		Embeds: []*discordgo.MessageEmbed{{Title: emoji(256), Description: emoji(4096 - 256 - 1648), Footer: &discordgo.MessageEmbedFooter{Text: emoji(1648)}}}}
	for r := 0; r < 5; r++ {
		row := discordgo.ActionsRow{}
		for c := 0; c < 5; c++ {
			row.Components = append(row.Components, discordgo.Button{Label: emoji(80), CustomID: strings.Repeat("x", 100), Style: discordgo.PrimaryButton})
		}
		post.Components = append(post.Components, row)
	}
	cases := []struct {
		name string
		i    *discordgo.Interaction
	}{
		{"ping", fake.Ping()},
		{"/checkin with the longest note", fake.Command(guild, ann, "checkin", fakediscord.Int("minutes", 240), fakediscord.Str("note", emoji(clubbot.MaxNoteRunes)))},
		{"/faq add, longest question and answer", fake.Command(guild, ann, "faq", fakediscord.Sub("add", fakediscord.Str("question", emoji(200)), fakediscord.Str("answer", emoji(1500))))},
		{"check-in modal submit, every field full", fake.Submit(guild, ann, otherModalID("1234567890123456789"), map[string]string{
			inputMinutes: "240", inputTiming: emoji(20), inputTool: emoji(20), inputNote: emoji(clubbot.MaxNoteRunes)})},
		{"click on a largest-possible message", fake.Click(guild, ann, post, strings.Repeat("x", 100))},
	}
	ctx := context.Background()
	for _, c := range cases {
		fake.DeliverHTTP(ctx, rec.URL, priv, c.i) // the answer does not matter here
		mu.Lock()
		got := size
		mu.Unlock()
		t.Logf("%-58s %6d bytes", c.name, got)
		if got == 0 || got > maxInteractionBody {
			t.Errorf("%s: %d bytes, limit %d", c.name, got, maxInteractionBody)
		}
	}
}

// unreadBody is a request body that records whether anyone read it.
type unreadBody struct {
	mu   sync.Mutex
	read bool
	r    io.Reader
}

func (b *unreadBody) Read(p []byte) (int, error) {
	b.mu.Lock()
	b.read = true
	b.mu.Unlock()
	return b.r.Read(p)
}
func (b *unreadBody) Close() error { return nil }

func TestHTTPRefusesBeforeReadingBody(t *testing.T) {
	tb := newTestBot(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	h := tb.HTTPHandler(pub)
	body := []byte(`{"id":"1","type":1,"application_id":"42","token":"t"}`)
	good := hex.EncodeToString(ed25519.Sign(priv, append([]byte(nowTS()), body...)))
	old := strconv.FormatInt(time.Now().Add(-6*time.Minute).Unix(), 10)
	cases := []struct {
		name, ts, sig string
		length        int64
		want          int
	}{
		{"no headers", "", "", int64(len(body)), 401},
		{"no signature", nowTS(), "", int64(len(body)), 401},
		{"signature not hex", nowTS(), strings.Repeat("zz", 64), int64(len(body)), 401},
		{"signature too short", nowTS(), good[:126], int64(len(body)), 401},
		{"signature too long", nowTS(), good + "00", int64(len(body)), 401},
		{"timestamp not a number", "yesterday", good, int64(len(body)), 401},
		{"timestamp stale", old, good, int64(len(body)), 401},
		{"timestamp from the future", strconv.FormatInt(time.Now().Add(6*time.Minute).Unix(), 10), good, int64(len(body)), 401},
		{"declared body over the limit", nowTS(), good, maxInteractionBody + 1, 413},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := &unreadBody{r: bytes.NewReader(body)}
			r := httptest.NewRequest(http.MethodPost, "/interactions", nil)
			r.Body, r.ContentLength = b, c.length
			if c.ts != "" {
				r.Header.Set("X-Signature-Timestamp", c.ts)
			}
			if c.sig != "" {
				r.Header.Set("X-Signature-Ed25519", c.sig)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != c.want || b.read {
				t.Errorf("status %d (want %d), body read: %v", w.Code, c.want, b.read)
			}
			if w.Header().Get("Connection") != "close" {
				t.Errorf("a refused request should close its connection")
			}
		})
	}
	// A body without a declared length is cut at the limit.
	big := bytes.Repeat([]byte("x"), maxInteractionBody+1)
	r := signedRequest(priv, nowTS(), big)
	r.ContentLength = -1
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("undeclared oversized body: %d", w.Code)
	}
}

// TestHTTPBodyBudget: bodies being read hold their declared length of a
// shared budget; a request that finds it spent gets 503 at once, and the
// bytes come back when a body has been read.
func TestHTTPBodyBudget(t *testing.T) {
	tb := newTestBot(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	h := &interactionsHTTP{b: tb.Bot, key: pub, bodies: newByteBudget(1000)}
	ping := []byte(`{"id":"1","type":1,"application_id":"42","token":"t"}`)

	// A slow body holding 900 of the 1,000 bytes.
	pr, pw := io.Pipe()
	slow := signedRequest(priv, nowTS(), nil)
	slow.Body, slow.ContentLength = pr, 900
	done := make(chan int)
	go func() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, slow)
		done <- w.Code
	}()
	deadline := time.Now().Add(5 * time.Second)
	for h.bodies.take(101) { // wait until the slow request holds its bytes
		h.bodies.give(101)
		if time.Now().After(deadline) {
			t.Fatal("the slow request never reserved its body")
		}
		time.Sleep(time.Millisecond)
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), bytes.Repeat([]byte(" "), 200)))
	if w.Code != http.StatusServiceUnavailable {
		t.Errorf("over the budget: %d, want 503", w.Code)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), ping)) // fits beside it
	if w.Code != 200 {
		t.Errorf("PING within the budget: %d", w.Code)
	}
	pw.CloseWithError(io.ErrUnexpectedEOF)
	if code := <-done; code != http.StatusBadRequest {
		t.Errorf("cut-off body: %d, want 400", code)
	}
	if !h.bodies.take(1000) {
		t.Error("the budget did not get its bytes back")
	}
}

// TestHTTPExportThroughCallback: in HTTP mode a reply with a file (the
// /me-data export) is POSTed to the callback endpoint and the webhook is
// answered 202, as Discord documents; the fake refuses files inline.
func TestHTTPExportThroughCallback(t *testing.T) {
	w := newWorld(t, "", time.Time{}, "ann")
	srv, guild, ann := w.srv, w.guild, w.members["ann"]
	url, priv := w.serveHTTP()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()

	if _, err := srv.DeliverHTTP(ctx, url, priv, srv.Command(guild, ann, "checkin", fakediscord.Int("minutes", 20))); err != nil {
		t.Fatal(err)
	}
	ex, err := srv.DeliverHTTP(ctx, url, priv, srv.Command(guild, ann, "me-data", fakediscord.Sub("export")))
	if err != nil {
		t.Fatalf("export over HTTP: %v", err)
	}
	cb, err := ex.Wait(ctx)
	if err != nil || cb.Status != http.StatusNoContent || cb.Data == nil || len(cb.Data.Files) != 1 || !cb.Data.Ephemeral() {
		t.Fatalf("export callback %+v %v", cb, err)
	}
	var export map[string]any
	if err := json.Unmarshal(cb.Data.Files[0].Data, &export); err != nil || !strings.Contains(string(cb.Data.Files[0].Data), "20") {
		t.Errorf("exported file %q: %v", cb.Data.Files[0].Data, err)
	}
	if n := len(ex.Callbacks()); n != 1 {
		t.Errorf("%d callbacks, want 1", n)
	}

	// The undocumented form, files inline in the webhook's answer, is refused.
	inline := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		resp := &discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "here", AllowedMentions: noMentions()}}
		ct, body, _ := discordgo.MultipartBodyWithJSON(resp, []*discordgo.File{{Name: "a.json", ContentType: "application/json", Reader: strings.NewReader("{}")}})
		w.Header().Set("Content-Type", ct)
		w.Write(body)
	}))
	defer inline.Close()
	if _, err := srv.DeliverHTTP(ctx, inline.URL, priv, srv.Command(guild, ann, "me-data", fakediscord.Sub("export"))); err == nil || !strings.Contains(err.Error(), "callback") {
		t.Errorf("files inline: %v, want a refusal", err)
	}
	// And a 202 without a callback is no answer at all.
	accepted := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusAccepted) }))
	defer accepted.Close()
	if _, err := srv.DeliverHTTP(ctx, accepted.URL, priv, srv.Command(guild, ann, "streak")); err == nil {
		t.Error("202 without a callback was accepted")
	}
}

// TestLimitListener: past n open connections the one that has waited
// longest without a whole request is closed for the new one; connections
// being answered are never closed, and while all are, Accept waits.
func TestLimitListener(t *testing.T) {
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln := LimitListener(raw, 2)
	accepted := make(chan net.Conn, 10)
	acceptErr := make(chan error, 1)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				acceptErr <- err
				return
			}
			accepted <- c
		}
	}()
	dial := func() net.Conn {
		t.Helper()
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	next := func(what string) net.Conn {
		t.Helper()
		select {
		case c := <-accepted:
			return c
		case <-time.After(2 * time.Second):
			t.Fatalf("%s: not accepted", what)
			return nil
		}
	}
	closedByServer := func(c net.Conn) bool {
		c.SetReadDeadline(time.Now().Add(2 * time.Second))
		_, err := c.Read(make([]byte, 1))
		return err == io.EOF
	}
	client1 := dial()
	first := next("first")
	time.Sleep(10 * time.Millisecond) // so the two wait different times
	dial()
	second := next("second")
	dial()
	third := next("third, past the bound")
	if !closedByServer(client1) {
		t.Error("the longest-waiting connection was not closed for the third")
	}
	first.Close() // already closed: gives back nothing more

	// Both open ones are being answered: a new connection waits.
	second.(*limitConn).setWorking(true)
	third.(*limitConn).setWorking(true)
	client4 := dial()
	select {
	case <-accepted:
		t.Fatal("a connection being answered was closed for a new one")
	case <-time.After(150 * time.Millisecond):
	}
	third.(*limitConn).setWorking(false) // answered; idle now
	fourth := next("fourth, once one was answered")
	fourth.Close()
	if !closedByServer(client4) {
		t.Error("closing an accepted connection did not reach its peer")
	}
	ln.Close()
	select {
	case <-acceptErr:
	case <-time.After(2 * time.Second):
		t.Fatal("Accept did not return after Close")
	}
	if got := MaxConnections(); got <= 0 || got > maxConnections {
		t.Errorf("MaxConnections() = %d", got)
	}
}

// TestSlowClientsCannotCrowdOutPING: with more slow clients than the
// connection bound, a signed PING on a new connection is still answered at
// once (the listener closes the longest-waiting slow one for it), and the
// slow ones are cut off.
func TestSlowClientsCannotCrowdOutPING(t *testing.T) {
	tb := newTestBot(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	srv := NewInteractionsServer(tb.HTTPHandler(pub))
	raw, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(LimitListener(raw, 8))
	defer srv.Close()
	for k := 0; k < 20; k++ {
		c, err := net.Dial("tcp", raw.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		fmt.Fprintf(c, "POST /interactions HTTP/1.1\r\nHost: x\r\nX-Slow: ")
	}
	time.Sleep(100 * time.Millisecond)
	ping := []byte(`{"id":"1","type":1,"application_id":"42","token":"t"}`)
	for k := 0; k < 3; k++ {
		req := signedRequest(priv, nowTS(), ping)
		req.RequestURI, req.URL.Scheme, req.URL.Host = "", "http", raw.Addr().String()
		client := &http.Client{Timeout: 2 * time.Second, Transport: &http.Transport{DisableKeepAlives: true}}
		start := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			t.Fatalf("PING %d behind 20 slow clients and a bound of 8: %v", k, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if took := time.Since(start); resp.StatusCode != 200 || strings.TrimSpace(string(b)) != `{"type":1}` || took > time.Second {
			t.Errorf("PING %d: %d %s after %s", k, resp.StatusCode, b, took)
		}
	}
}
