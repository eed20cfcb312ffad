package loadtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// TestServeMode runs the built binary as `clubbot serve`: interactions come
// as signed HTTP requests, PING is answered inline, a command is answered
// and stored, a deferred answer edits the original over REST, and unsigned or
// tampered requests get 401.
func TestServeMode(t *testing.T) {
	w := newWorld(t, 3)
	dbPath := filepath.Join(t.TempDir(), "serve.db")
	prepareDB(t, w, dbPath)
	pub, priv, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := launch(t, []string{"serve"}, botEnv(w, dbPath, freeAddr(t), "DISCORD_PUBLIC_KEY="+hex.EncodeToString(pub), "CLUBBOT_HTTP_ADDR="+freeAddr(t)))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var h health
	for {
		if h, err = c.health(ctx); err == nil && h.Database == "ok" {
			break
		}
		if ctx.Err() != nil || c.exited() {
			t.Fatalf("serve did not come up: %v %+v\n%s", err, h, c.out.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
	if h.Discord != "http" {
		t.Errorf("healthz discord = %q, want http", h.Discord)
	}
	// `clubbot health`, the Dockerfile's HEALTHCHECK, asks the same /healthz.
	healthEnv := []string{"PATH=" + os.Getenv("PATH"), "CLUBBOT_METRICS_ADDR=" + c.addr}
	if out, errOut, err := runTool(t, healthEnv, "health"); err != nil || !strings.Contains(out, `"database":"ok"`) {
		t.Errorf("clubbot health on a running bot: %v %q %q", err, out, errOut)
	}
	url := "http://" + c.httpAddr + "/interactions"
	// /healthz and /metrics are not on the public port.
	if resp, err := http.Get("http://" + c.httpAddr + "/healthz"); err != nil || resp.StatusCode != http.StatusNotFound {
		t.Errorf("/healthz on the public port: %v %v, want 404", resp, err)
	} else {
		resp.Body.Close()
	}

	// PING.
	if _, err := w.fake.DeliverHTTP(ctx, url, priv, w.fake.Ping()); err != nil {
		t.Fatalf("signed PING: %v", err)
	}

	// A check-in, answered inline and stored.
	runner := w.members[0]
	ex, err := w.fake.DeliverHTTP(ctx, url, priv, w.fake.Command(w.guild, runner, "checkin", fakediscord.Int("minutes", 15)))
	if err != nil {
		t.Fatalf("signed /checkin: %v", err)
	}
	cb, err := ex.Wait(ctx)
	if err != nil || cb.Type != discordgo.InteractionResponseChannelMessageWithSource || !cb.Data.Ephemeral() ||
		len(cb.Data.Embeds) == 0 || !strings.Contains(cb.Data.Embeds[0].Title, "15 min") {
		t.Fatalf("checkin callback = %+v, %v", cb, err)
	}

	// /ask is deferred: the answer arrives as an edit of the original over REST.
	ex, err = w.fake.DeliverHTTP(ctx, url, priv, w.fake.Command(w.guild, runner, "ask", fakediscord.Str("question", "how long should I massage after a long run?")))
	if err != nil {
		t.Fatalf("signed /ask: %v", err)
	}
	orig, err := ex.WaitOriginal(ctx)
	if err != nil || len(orig.Embeds) == 0 || !strings.Contains(orig.Embeds[0].Description, "15-20") {
		t.Fatalf("ask's edited original = %+v, %v", orig, err)
	}

	// /me-data export carries a file: POSTed to the callback endpoint, the
	// webhook answered 202 (the fake refuses files inline).
	ex, err = w.fake.DeliverHTTP(ctx, url, priv, w.fake.Command(w.guild, runner, "me-data", fakediscord.Sub("export")))
	if err != nil {
		t.Fatalf("signed /me-data export: %v", err)
	}
	if cb, err := ex.Wait(ctx); err != nil || cb.Data == nil || len(cb.Data.Files) != 1 || !cb.Data.Ephemeral() {
		t.Fatalf("export callback = %+v, %v", cb, err)
	}

	// Unsigned and tampered requests.
	body := []byte(`{"id":"1","type":1,"application_id":"` + w.fake.AppID() + `","token":"t"}`)
	ts := time.Now().Unix()
	sig := fakediscord.Sign(priv, itoa(ts), body)
	for name, hdr := range map[string][2]string{
		"unsigned": {"", ""},
		"tampered": {itoa(ts), flipLastHex(sig)},
		"old":      {itoa(ts - 3600), fakediscord.Sign(priv, itoa(ts-3600), body)},
	} {
		req, _ := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if hdr[0] != "" {
			req.Header.Set("X-Signature-Timestamp", hdr[0])
			req.Header.Set("X-Signature-Ed25519", hdr[1])
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("%s request: status %d, want 401", name, resp.StatusCode)
		}
	}

	if code := c.terminate(15 * time.Second); code != 0 {
		t.Fatalf("serve exited %d after SIGTERM\n%s", code, tail(c.out.String(), 30))
	}
	if _, errOut, err := runTool(t, healthEnv, "health"); err == nil || !strings.Contains(errOut, "no answer") {
		t.Errorf("clubbot health with the bot stopped: %v %q, want a failure", err, errOut)
	}
	byInteraction, _ := storedCheckIns(t, dbPath, w)
	if len(byInteraction) != 1 {
		t.Fatalf("stored check-ins %v, want the one /checkin", byInteraction)
	}
}

// flipLastHex changes a hex signature's last digit, so it never verifies
// (replacing it with a fixed digit would leave it valid when it already was one).
func flipLastHex(sig string) string {
	last := sig[len(sig)-1]
	flipped := byte('0')
	if last == '0' {
		flipped = '1'
	}
	return sig[:len(sig)-1] + string(flipped)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// TestCommandsRegister runs `clubbot commands` and `clubbot commands
// --register` against the fake: the printed table is valid JSON and the
// registration puts every command on the server named by DISCORD_GUILD_ID.
func TestCommandsRegister(t *testing.T) {
	w := newWorld(t, 0)
	env := botEnv(w, filepath.Join(t.TempDir(), "unused.db"), "", "DISCORD_GUILD_ID="+w.guild)
	out, errOut, err := runTool(t, env, "commands")
	if err != nil {
		t.Fatalf("commands: %v\n%s", err, errOut)
	}
	var table []discordgo.ApplicationCommand
	if err := json.Unmarshal([]byte(out), &table); err != nil || len(table) < 11 {
		t.Fatalf("commands printed %d commands, %v", len(table), err)
	}
	out, errOut, err = runTool(t, env, "commands", "--register")
	if err != nil {
		t.Fatalf("commands --register: %v\n%s", err, errOut)
	}
	got := w.fake.Commands(w.guild)
	if len(got) != len(table) || !strings.Contains(out, "registered") {
		t.Fatalf("registered %d commands on the server (want %d); output %q", len(got), len(table), out)
	}
	if len(w.fake.Commands("")) != 0 {
		t.Fatal("DISCORD_GUILD_ID set, yet commands were registered globally")
	}
}
