package loadtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
)

// TestSecretsStayOut runs the binary with distinctive secrets and makes it
// fail in the ways that tend to print them: bad configuration, a token
// Discord refuses, an LLM that refuses the key (echoing it back, as a
// careless proxy might), REST errors. Nothing it prints, logs, serves or
// sends to Discord may contain a secret.
func TestSecretsStayOut(t *testing.T) {
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	secrets := map[string]string{
		"DISCORD_TOKEN":      "MTk4NjIyNDgzNDc.SECRETtok3n.Zx9f8e7d6c5b4a3210",
		"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub),
		"OPENAI_API_KEY":     "sk-SECRETopenai-0a1b2c3d4e5f6a7b8c9d",
	}
	secretEnv := func(overrides ...string) []string {
		env := []string{}
		for k, v := range secrets {
			env = append(env, k+"="+v)
		}
		return append(env, overrides...)
	}
	var haystack []string // everything the binary said or sent, by where
	collect := func(where, text string) { haystack = append(haystack, where+"\x00"+text) }

	llm := newFakeLLM(t)
	llm.set("401")

	// 1. Bad configuration, each a one-line error.
	w := newWorld(t, 5)
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "secrets.db")
	prepareDB(t, w, dbPath)
	for _, bad := range [][]string{
		{"run", "CLUBBOT_HTTP_ADDR=not-an-address"},
		{"serve", "DISCORD_PUBLIC_KEY=zz" + secrets["DISCORD_PUBLIC_KEY"]},
		// Credentials in a URL's userinfo (a proxy's) must not be echoed either.
		{"run", "DISCORD_API_URL=ftp://bot:" + secrets["DISCORD_TOKEN"] + "@example.com/"},
		{"run", "OPENAI_BASE_URL=ftp://user:" + secrets["OPENAI_API_KEY"] + "@localhost:1/v1"},
	} {
		env := append(botEnv(w, dbPath, ""), secretEnv(bad[1:]...)...)
		stdout, stderr, err := runTool(t, env, bad[0])
		if err == nil {
			t.Errorf("clubbot %s with %s succeeded, want a configuration error", bad[0], bad[1])
		}
		collect("config error stdout", stdout)
		collect("config error stderr", stderr)
	}

	// 2. `clubbot ask` with the LLM refusing the key.
	{
		env := append(botEnv(w, dbPath, ""), secretEnv("OPENAI_BASE_URL="+llm.baseURL())...)
		stdout, stderr, err := runTool(t, env, "ask", "--json", questions[0])
		if err != nil {
			t.Errorf("clubbot ask with a failing LLM: %v\n%s", err, stderr)
		}
		collect("ask stdout", stdout)
		collect("ask stderr", stderr)
	}

	// 3. A token the fake Discord refuses.
	{
		other := newWorld(t, 1, fakediscord.WithToken("not-our-token"))
		c := launch(t, []string{"run"}, append(botEnv(other, filepath.Join(dir, "refused.db"), freeAddr(t)), secretEnv()...))
		select {
		case <-c.done:
		case <-time.After(3 * time.Second):
			c.terminate(10 * time.Second)
		}
		collect("refused token output", c.out.String())
		for _, p := range other.fake.Payloads() {
			b, _ := json.Marshal(p)
			collect("refused token payload", string(b))
		}
	}

	// 4. A running bot with a failing LLM and REST faults.
	{
		c := launch(t, []string{"run"}, append(botEnv(w, dbPath, freeAddr(t)), secretEnv("OPENAI_BASE_URL="+llm.baseURL(), "CLUBBOT_LLM_TIMEOUT=2s")...))
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
		defer cancel()
		if err := c.waitHealthy(ctx); err != nil {
			t.Fatalf("bot with secrets did not start: %v\n%s", err, c.out.String())
		}
		for k, mode := range []string{"401", "500", "garbage"} {
			llm.set(mode)
			ex, cb := deliverAndWait(t, w, w.fake.Command(w.guild, w.members[k], "ask", fakediscord.Str("question", questions[k])), ackDeadline)
			collect("answer", answerText(t, ex, cb, 10*time.Second))
		}
		w.fake.FailNext("interactions/", 1, http.StatusInternalServerError)
		w.fake.Deliver(ctx, w.fake.Command(w.guild, w.members[3], "checkin", fakediscord.Int("minutes", 10)))
		w.fake.RateLimitNext("interactions/", 1, 100*time.Millisecond)
		deliverAndWait(t, w, w.fake.Command(w.guild, w.members[4], "checkin", fakediscord.Int("minutes", 10)), ackDeadline)
		w.fake.FailNext("webhooks/", 2, http.StatusServiceUnavailable)
		llm.set("401")
		w.fake.Deliver(ctx, w.fake.Command(w.guild, w.members[0], "ask", fakediscord.Str("question", questions[3])))
		time.Sleep(500 * time.Millisecond)
		if m, err := c.metrics(); err == nil {
			collect("/metrics", m)
		} else {
			t.Errorf("/metrics: %v", err)
		}
		if h, err := c.health(ctx); err == nil {
			collect("/healthz", h.Database+" "+h.Discord)
		}
		c.terminate(15 * time.Second)
		collect("run output", c.out.String())
		for _, p := range w.fake.Payloads() {
			b, _ := json.Marshal(p)
			collect("payload to Discord", string(b))
		}
		for _, m := range w.fake.Messages(w.channel) {
			b, _ := json.Marshal(m)
			collect("channel message", string(b))
		}
	}
	if llm.calls.Load() == 0 {
		t.Error("the LLM was never asked; the key was not exercised")
	}

	leaks := 0
	for _, h := range haystack {
		where, text, _ := strings.Cut(h, "\x00")
		for name, v := range secrets {
			// The whole value, and its distinctive middle, in case of truncation.
			frag := v[len(v)/3 : len(v)/3+12]
			if strings.Contains(text, v) || strings.Contains(text, frag) {
				leaks++
				i := strings.Index(text, frag)
				t.Errorf("%s appears in %s: ...%s...", name, where, text[max(0, i-80):min(len(text), i+80)])
			}
		}
	}
	t.Logf("checked %d outputs, payloads and messages for 3 secrets: %d leaks", len(haystack), leaks)
}
