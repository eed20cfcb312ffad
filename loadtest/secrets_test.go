package loadtest

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
)

// TestSecretsStayOut runs the binary with distinctive secrets and makes it
// fail in the ways that tend to print them: bad configuration, a token
// Discord refuses, an LLM that refuses the key (echoing it back, as a
// careless proxy might), REST errors, passwords and tokens in the
// DISCORD_API_URL and OPENAI_BASE_URL it logs at start, and interaction
// responses and follow-ups whose connection drops (net/http's error names
// the whole URL, interaction token included). Nothing it prints, logs,
// serves or sends to Discord may contain a secret.
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
	// Secrets only in URLs, not in the variables the redacting writer
	// knows: the URL handling itself must keep them out.
	urlSecrets := map[string]string{
		"DISCORD_API_URL password": "SECRETproxy-pass-7f3e9a",
		"DISCORD_API_URL query":    "SECRETapi-query-5b21c4",
		"OPENAI_BASE_URL password": "SECRETllm-pass-0c8d2e",
		"OPENAI_BASE_URL query":    "SECRETllm-query-9a4f11",
	}
	tokens := map[string]string{} // interaction tokens whose requests failed
	var haystack []string         // everything the binary said or sent, by where
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

	// 4. A running bot with a failing LLM and REST faults, reaching Discord
	// through a proxy that wants a password and can drop connections, and the
	// LLM at a URL with a password in it.
	{
		proxy := newDropProxy(t, w.fake.APIURL())
		apiURL := strings.Replace(proxy.srv.URL, "http://", "http://bot:"+urlSecrets["DISCORD_API_URL password"]+"@", 1) + "/api/v10/"
		llmURL := strings.Replace(llm.baseURL(), "http://", "http://user:"+urlSecrets["OPENAI_BASE_URL password"]+"@", 1)
		c := launch(t, []string{"run"}, append(botEnv(w, dbPath, freeAddr(t)), secretEnv("DISCORD_API_URL="+apiURL, "OPENAI_BASE_URL="+llmURL, "CLUBBOT_LLM_TIMEOUT=2s")...))
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
		// A follow-up edit, then a first response, whose connection drops.
		logged := func(what string, before int) {
			t.Helper()
			deadline := time.Now().Add(15 * time.Second)
			for strings.Count(c.out.String(), what) <= before {
				if time.Now().After(deadline) {
					t.Fatalf("no %q logged after its connection dropped\n%s", what, tail(c.out.String(), 20))
				}
				time.Sleep(50 * time.Millisecond)
			}
		}
		proxy.dropPaths("/webhooks/")
		before := strings.Count(c.out.String(), `"interaction follow-up"`)
		ask := w.fake.Command(w.guild, w.members[1], "ask", fakediscord.Str("question", questions[1]))
		tokens["interaction token (dropped follow-up)"] = ask.Token
		deliverAndWait(t, w, ask, ackDeadline)
		logged(`"interaction follow-up"`, before)
		proxy.dropPaths("/callback")
		before = strings.Count(c.out.String(), `"interaction response"`)
		checkin := w.fake.Command(w.guild, w.members[2], "checkin", fakediscord.Int("minutes", 10))
		tokens["interaction token (dropped response)"] = checkin.Token
		w.fake.Deliver(ctx, checkin)
		logged(`"interaction response"`, before)
		proxy.dropPaths()
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
	// 5. Credentials in the URLs' queries: logged at start, then the bot
	// fails (a base URL with a query is no use) or is stopped.
	{
		c := launch(t, []string{"run"}, append(botEnv(w, filepath.Join(dir, "query.db"), freeAddr(t)), secretEnv(
			"DISCORD_API_URL="+w.fake.APIURL()+"?auth="+urlSecrets["DISCORD_API_URL query"],
			"OPENAI_BASE_URL="+llm.baseURL()+"?api-key="+urlSecrets["OPENAI_BASE_URL query"])...))
		select {
		case <-c.done:
		case <-time.After(3 * time.Second):
			c.terminate(10 * time.Second)
		}
		out := c.out.String()
		if !strings.Contains(out, "starting clubbot") {
			t.Errorf("no start-up line to check:\n%s", tail(out, 10))
		}
		collect("query URLs output", out)
	}
	if llm.calls.Load() == 0 {
		t.Error("the LLM was never asked; the key was not exercised")
	}

	checked := map[string]string{}
	for _, m := range []map[string]string{secrets, urlSecrets, tokens} {
		for k, v := range m {
			checked[k] = v
		}
	}
	if len(tokens) != 2 {
		t.Errorf("interaction tokens to look for: %d, want 2", len(tokens))
	}
	leaks := 0
	for _, h := range haystack {
		where, text, _ := strings.Cut(h, "\x00")
		for name, v := range checked {
			// The whole value, and its distinctive middle, in case of truncation.
			frag := v[len(v)/3 : len(v)/3+12]
			if strings.Contains(text, v) || strings.Contains(text, frag) {
				leaks++
				i := strings.Index(text, frag)
				t.Errorf("%s appears in %s: ...%s...", name, where, text[max(0, i-80):min(len(text), i+80)])
			}
		}
	}
	t.Logf("checked %d outputs, payloads and messages for %d secrets: %d leaks", len(haystack), len(checked), leaks)
}

// dropProxy forwards REST requests to the fake Discord, except that it
// closes the connection, unanswered, on requests whose path contains one of
// the parts it is told to drop.
type dropProxy struct {
	srv   *httptest.Server
	mu    sync.Mutex
	parts []string
}

func newDropProxy(t *testing.T, apiURL string) *dropProxy {
	t.Helper()
	target, err := url.Parse(apiURL)
	if err != nil {
		t.Fatal(err)
	}
	target.Path = ""
	rp := httputil.NewSingleHostReverseProxy(target)
	p := &dropProxy{}
	p.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		parts := p.parts
		p.mu.Unlock()
		for _, part := range parts {
			if strings.Contains(r.URL.Path, part) {
				if hj, ok := w.(http.Hijacker); ok {
					if conn, _, err := hj.Hijack(); err == nil {
						conn.Close()
						return
					}
				}
			}
		}
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(p.srv.Close)
	return p
}

// dropPaths sets the path parts to drop (none: forward everything).
func (p *dropProxy) dropPaths(parts ...string) {
	p.mu.Lock()
	p.parts = parts
	p.mu.Unlock()
}
