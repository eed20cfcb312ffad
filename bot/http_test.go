package bot

import (
	"bytes"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

func TestParsePublicKey(t *testing.T) {
	pub, _, _ := ed25519.GenerateKey(nil)
	k, err := ParsePublicKey(" " + hex.EncodeToString(pub) + "\n")
	if err != nil || !bytes.Equal(k, pub) {
		t.Fatalf("ParsePublicKey = %x, %v", k, err)
	}
	for _, bad := range []string{"", "zz", hex.EncodeToString(pub[:31]), hex.EncodeToString(pub) + "00"} {
		if _, err := ParsePublicKey(bad); err == nil || !strings.Contains(err.Error(), "DISCORD_PUBLIC_KEY") {
			t.Errorf("ParsePublicKey(%q) error %v does not name DISCORD_PUBLIC_KEY", bad, err)
		}
	}
}

// nowTS is a signature timestamp for now.
func nowTS() string { return strconv.FormatInt(time.Now().Unix(), 10) }

// signedRequest builds a POST /interactions as Discord signs it.
func signedRequest(priv ed25519.PrivateKey, ts string, body []byte) *http.Request {
	r := httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(body))
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
	return r
}

func TestHTTPHandlerSignatures(t *testing.T) {
	tb := newTestBot(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	h := tb.HTTPHandler(pub)
	ping := []byte(`{"id":"1","type":1,"application_id":"42","token":"t"}`)

	w := httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), ping))
	if w.Code != 200 || strings.TrimSpace(w.Body.String()) != `{"type":1}` {
		t.Fatalf("signed PING: %d %s", w.Code, w.Body)
	}

	_, otherPriv, _ := ed25519.GenerateKey(nil)
	cases := map[string]*http.Request{
		"unsigned":      httptest.NewRequest(http.MethodPost, "/interactions", bytes.NewReader(ping)),
		"wrong key":     signedRequest(otherPriv, nowTS(), ping),
		"tampered body": withBody(signedRequest(priv, nowTS(), ping), bytes.Replace(ping, []byte(`"type":1`), []byte(`"type":2`), 1)),
		"tampered time": withHeader(signedRequest(priv, nowTS(), ping), "X-Signature-Timestamp", "1700000001"),
		"no timestamp":  withHeader(signedRequest(priv, nowTS(), ping), "X-Signature-Timestamp", ""),
		"bad hex":       withHeader(signedRequest(priv, nowTS(), ping), "X-Signature-Ed25519", "nothex"),
		"stale replay":  signedRequest(priv, strconv.FormatInt(time.Now().Add(-10*time.Minute).Unix(), 10), ping),
		"from future":   signedRequest(priv, strconv.FormatInt(time.Now().Add(10*time.Minute).Unix(), 10), ping),
	}
	for name, r := range cases {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusUnauthorized {
			t.Errorf("%s: status %d, want 401", name, w.Code)
		}
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "/interactions", nil))
	if w.Code != http.StatusMethodNotAllowed {
		t.Errorf("GET: %d", w.Code)
	}
	big := bytes.Repeat([]byte("x"), maxInteractionBody+10)
	w = httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), big))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("oversized body: %d", w.Code)
	}
	w = httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), []byte("{not json")))
	if w.Code != http.StatusBadRequest {
		t.Errorf("bad JSON: %d", w.Code)
	}
}

func withBody(r *http.Request, body []byte) *http.Request {
	r.Body = io.NopCloser(bytes.NewReader(body))
	return r
}

func withHeader(r *http.Request, k, v string) *http.Request {
	r.Header.Set(k, v)
	return r
}

func TestHTTPHandlerCommandAndFile(t *testing.T) {
	tb := newTestBot(t)
	pub, priv, _ := ed25519.GenerateKey(nil)
	h := tb.HTTPHandler(pub)

	body, _ := json.Marshal(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 15)))
	w := httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), body))
	var resp struct {
		Type discordgo.InteractionResponseType
		Data struct {
			Flags           discordgo.MessageFlags
			AllowedMentions *discordgo.MessageAllowedMentions `json:"allowed_mentions"`
		}
	}
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || w.Code != 200 {
		t.Fatalf("command: %d %s: %v", w.Code, w.Body, err)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data.AllowedMentions == nil ||
		resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("response %+v", resp)
	}
	if !strings.Contains(w.Body.String(), `"allowed_mentions":{"parse":[]`) {
		t.Errorf("allowed mentions not in the JSON: %s", w.Body)
	}
	if m, _ := tb.totalMinutes(t, alice); m != 15 {
		t.Errorf("stored %d", m)
	}

	// A reply with a file needs the callback endpoint (REST); without a
	// REST session it is an error, never files inline in the HTTP answer.
	body, _ = json.Marshal(tb.cmd(alice, "me-data", fakediscord.Sub("export")))
	w = httptest.NewRecorder()
	h.ServeHTTP(w, signedRequest(priv, nowTS(), body))
	if w.Code != http.StatusInternalServerError || strings.HasPrefix(w.Header().Get("Content-Type"), "multipart/") {
		t.Errorf("export without REST: %d %q", w.Code, w.Header().Get("Content-Type"))
	}
}

// TestHTTPReplaySameBytes: a captured signed request POSTed again (the same
// bytes, within the signature window) runs nothing a second time.
func TestHTTPReplaySameBytes(t *testing.T) {
	tb := newTestBot(t)
	calls := withCountingLLM(t, tb.Bot)
	// A reply with a file goes to Discord's callback endpoint (the webhook
	// is answered 202); this stand-in counts those callbacks.
	var callbacks atomic.Int64
	discord := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && strings.HasSuffix(r.URL.Path, "/callback") {
			callbacks.Add(1)
			w.WriteHeader(http.StatusNoContent)
			return
		}
		http.NotFound(w, r)
	}))
	defer discord.Close()
	rest, err := NewSession("test-token", discord.URL+"/api/v10/")
	if err != nil {
		t.Fatal(err)
	}
	tb.REST = rest
	pub, priv, _ := ed25519.GenerateKey(nil)
	h := tb.HTTPHandler(pub)
	for _, c := range replayCases {
		t.Run(c.name, func(t *testing.T) {
			body, _ := json.Marshal(c.build(tb))
			ts := nowTS()
			var replies []*httptest.ResponseRecorder
			for range 2 {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, signedRequest(priv, ts, body))
				if w.Code != http.StatusOK && w.Code != http.StatusAccepted {
					t.Fatalf("signed request: %d %s", w.Code, w.Body)
				}
				tb.Wait(10 * time.Second) // the follow-up, if any
				replies = append(replies, w)
			}
			again := replies[1]
			files := 0
			if c.name == "/me-data export" {
				// The first reply carried the file; the repeat must not.
				files = int(callbacks.Load())
				if ct := again.Header().Get("Content-Type"); ct != "application/json" || !strings.Contains(again.Body.String(), alreadyHandledText) {
					t.Errorf("repeated export answered %s %s", ct, again.Body)
				}
			}
			if first := replies[0].Body.String(); files == 0 && strings.Contains(first, `"type":4`) && again.Body.String() != first {
				t.Errorf("the repeat answered %s, want the first reply %s", again.Body, first)
			}
			if n := c.effects(t, tb, calls, files); n != 1 {
				t.Errorf("%d effects of the same signed bytes POSTed twice, want 1", n)
			}
		})
	}
}
