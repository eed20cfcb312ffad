package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// fakeLLM is an OpenAI-compatible chat server whose behaviour a test
// switches: it answers, hangs, fails with 500, or returns garbage.
type fakeLLM struct {
	srv   *httptest.Server
	mu    sync.Mutex
	mode  string // "ok", "slow", "hang", "500", "garbage", "401"
	calls atomic.Int64
	// answer is what "ok" and "slow" reply.
	answer string
}

func newFakeLLM(t testing.TB) *fakeLLM {
	l := &fakeLLM{mode: "ok", answer: "Massage the arch for ten minutes [1]."}
	l.srv = httptest.NewServer(http.HandlerFunc(l.serve))
	t.Cleanup(l.srv.Close)
	return l
}

func (l *fakeLLM) set(mode string) {
	l.mu.Lock()
	l.mode = mode
	l.mu.Unlock()
}

// baseURL is OPENAI_BASE_URL for the bot.
func (l *fakeLLM) baseURL() string { return l.srv.URL + "/v1" }

func (l *fakeLLM) serve(w http.ResponseWriter, r *http.Request) {
	l.calls.Add(1)
	// Reading the body lets the server notice when the bot hangs up.
	io.Copy(io.Discard, r.Body)
	l.mu.Lock()
	mode, answer := l.mode, l.answer
	l.mu.Unlock()
	switch mode {
	case "hang":
		select {
		case <-r.Context().Done():
		case <-time.After(30 * time.Second):
		}
		return
	case "500":
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprint(w, `{"error":{"message":"the model is overloaded","type":"server_error"}}`)
		return
	case "401":
		// Like OpenAI, name the key that was refused, here in full, as a
		// careless proxy might: the bot must not pass it on to its logs.
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		key := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		b, _ := json.Marshal(map[string]any{"error": map[string]any{
			"message": "Incorrect API key provided: " + key, "type": "invalid_request_error", "code": "invalid_api_key"}})
		w.Write(b)
		return
	case "garbage":
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"choices": [ this is not json <html>`)
		return
	case "slow":
		time.Sleep(1500 * time.Millisecond)
	}
	if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{
		"id": "chatcmpl-1", "object": "chat.completion", "created": time.Now().Unix(), "model": "fake",
		"choices": []map[string]any{{"index": 0, "finish_reason": "stop",
			"message": map[string]any{"role": "assistant", "content": answer}}},
		"usage": map[string]any{"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
	})
}

// deliverAndWait delivers i and waits for its first callback.
func deliverAndWait(t testing.TB, w *world, i *discordgo.Interaction, limit time.Duration) (*fakediscord.Exchange, *fakediscord.Callback) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	ex, err := w.fake.Deliver(ctx, i)
	if err != nil {
		t.Fatalf("deliver: %v", err)
	}
	cb, err := ex.Wait(ctx)
	if err != nil {
		t.Fatalf("no callback within %s: %v", limit, err)
	}
	if cb.Status >= 300 || cb.Code != 0 {
		t.Fatalf("callback refused by the fake: HTTP %d code %d", cb.Status, cb.Code)
	}
	return ex, cb
}

// answerText is the text of an answered interaction: the callback's data,
// or the edited original of a deferred one.
func answerText(t testing.TB, ex *fakediscord.Exchange, cb *fakediscord.Callback, limit time.Duration) string {
	t.Helper()
	if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		return dataText(cb.Data)
	}
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	orig, err := ex.WaitOriginal(ctx)
	if err != nil {
		t.Fatalf("the deferred answer was not edited in within %s: %v", limit, err)
	}
	return messageText(orig.Content, orig.Embeds)
}

// dataText is the text of a callback's message data (nil: none).
func dataText(d *fakediscord.MessageData) string {
	if d == nil {
		return ""
	}
	return messageText(d.Content, d.Embeds)
}

// messageText joins a message's content with its embeds' titles,
// descriptions and fields, for assertions on what a member would read.
func messageText(content string, embeds []*discordgo.MessageEmbed) string {
	var b strings.Builder
	b.WriteString(content)
	for _, e := range embeds {
		b.WriteString("\n" + e.Title + "\n" + e.Description)
		for _, f := range e.Fields {
			b.WriteString("\n" + f.Name + ": " + f.Value)
		}
	}
	return b.String()
}

// TestDiscordFaults: 429 with retry_after, 502 and 500 on the interaction
// callback, and a dropped gateway. The bot recovers from each and answers.
func TestDiscordFaults(t *testing.T) {
	w := newWorld(t, 10, fakediscord.WithHeartbeatInterval(500*time.Millisecond))
	dbPath := filepath.Join(t.TempDir(), "faults.db")
	prepareDB(t, w, dbPath)
	c := startChild(t, w, dbPath)
	checkin := func(k int) *discordgo.Interaction {
		return w.fake.Command(w.guild, w.members[k%len(w.members)], "checkin", fakediscord.Int("minutes", 15))
	}

	t.Run("429 on the callback", func(t *testing.T) {
		before := w.fake.Requests("interactions/")
		w.fake.RateLimitNext("interactions/", 1, 300*time.Millisecond)
		_, cb := deliverAndWait(t, w, checkin(0), ackDeadline)
		if n := w.fake.Requests("interactions/") - before; n < 2 {
			t.Errorf("%d callback requests, want the refused one and its retry", n)
		}
		t.Logf("acknowledged %s after a 429 with retry_after 300ms", cb.Latency)
	})
	t.Run("502 on the callback", func(t *testing.T) {
		w.fake.FailNext("interactions/", 1, http.StatusBadGateway)
		deliverAndWait(t, w, checkin(1), ackDeadline)
	})
	t.Run("500 on the callback, then the next interaction", func(t *testing.T) {
		w.fake.FailNext("interactions/", 1, http.StatusInternalServerError)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		ex, err := w.fake.Deliver(ctx, checkin(2))
		if err == nil {
			ex.Wait(ctx) // refused with 500: Discord would show "interaction failed"
		}
		cancel()
		deliverAndWait(t, w, checkin(3), ackDeadline)
		if c.exited() {
			t.Fatal("the bot exited after a 500")
		}
	})
	t.Run("dropped gateway", func(t *testing.T) {
		before := w.fake.GatewayStats()
		w.fake.DropGateway()
		// Delivered while the socket is down: kept for the resume.
		_, cb := deliverAndWait(t, w, checkin(4), 10*time.Second)
		after := w.fake.GatewayStats()
		if after.Resumes+after.Identifies <= before.Resumes+before.Identifies {
			t.Errorf("gateway stats %+v -> %+v: no resume or identify after the drop", before, after)
		}
		t.Logf("answered %s after the drop; gateway %+v", cb.Latency, after)
		// And the bot keeps answering.
		deliverAndWait(t, w, checkin(5), ackDeadline)
	})
	if code := c.terminate(15 * time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
}

// TestLLMFaults: with an OpenAI-compatible server that hangs, fails with
// 500 or returns garbage, /ask still answers from the documents, well
// within the LLM deadline plus Discord's limits.
func TestLLMFaults(t *testing.T) {
	llm := newFakeLLM(t)
	w := newWorld(t, 10)
	dbPath := filepath.Join(t.TempDir(), "llm.db")
	prepareDB(t, w, dbPath)
	const llmTimeout = 1500 * time.Millisecond
	c := startChild(t, w, dbPath,
		"OPENAI_BASE_URL="+llm.baseURL(), "OPENAI_API_KEY=sk-test-key", "CLUBBOT_LLM_TIMEOUT="+llmTimeout.String())

	for k, mode := range []string{"hang", "500", "garbage"} {
		t.Run(mode, func(t *testing.T) {
			llm.set(mode)
			calls := llm.calls.Load()
			start := time.Now()
			ask := w.fake.Command(w.guild, w.members[k], "ask", fakediscord.Str("question", questions[0]))
			ex, cb := deliverAndWait(t, w, ask, ackDeadline)
			text := answerText(t, ex, cb, llmTimeout+5*time.Second)
			took := time.Since(start)
			if llm.calls.Load() == calls {
				t.Errorf("the LLM was not asked; the fault was not exercised")
			}
			if strings.TrimSpace(text) == "" || strings.Contains(text, "Something went wrong") {
				t.Errorf("no answer after the LLM %s: %q", mode, text)
			}
			if strings.Contains(text, "not json") || strings.Contains(text, "overloaded") {
				t.Errorf("the LLM's %s reached the member: %q", mode, text)
			}
			if !strings.Contains(strings.ToLower(text), "minute") {
				t.Errorf("the fallback answer does not answer how long to massage: %q", text)
			}
			if took > llmTimeout+3*time.Second {
				t.Errorf("answered after %s; the deadline is %s", took, llmTimeout)
			}
			t.Logf("LLM %s: acknowledged in %s, answered in %s after %d LLM request(s)", mode, cb.Latency, took, llm.calls.Load()-calls)
		})
	}
	if code := c.terminate(15 * time.Second); code != 0 {
		t.Errorf("exit %d after SIGTERM", code)
	}
}
