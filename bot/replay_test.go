package bot

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	openai "github.com/sashabaranov/go-openai"

	"clubbot/bot/fakediscord"
	"clubbot/bot/faq"
)

// replayQuestion is covered by the bundled documents, so /ask calls the LLM.
const replayQuestion = "What is percussive therapy?"

// withCountingLLM gives b an FAQ engine whose LLM is a fake OpenAI chat
// endpoint on loopback, and returns its count of chat calls.
func withCountingLLM(t testing.TB, b *Bot) *atomic.Int64 {
	t.Helper()
	var calls atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		if !strings.HasSuffix(r.URL.Path, "/chat/completions") {
			http.NotFound(w, r)
			return
		}
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		json.NewEncoder(w).Encode(openai.ChatCompletionResponse{ID: "x", Object: "chat.completion", Model: "fake",
			Choices: []openai.ChatCompletionChoice{{FinishReason: "stop", Message: openai.ChatCompletionMessage{
				Role: "assistant", Content: "Percussive therapy is rapid tapping on the muscle [1]."}}}})
	}))
	t.Cleanup(srv.Close)
	cfg := openai.DefaultConfig("test-key")
	cfg.BaseURL = srv.URL + "/v1"
	eng, err := faq.New(context.Background(), faq.Config{Client: openai.NewClientWithConfig(cfg), Now: b.Now, Timeout: 5 * time.Second})
	if err != nil {
		t.Fatal(err)
	}
	b.FAQ = eng
	return &calls
}

// replayCase is one command with an effect that must happen once however
// often its interaction arrives, and how to count that effect.
type replayCase struct {
	name  string
	build func(tb *testBot) *discordgo.Interaction
	// effects counts the effect so far; files, the files replies carried.
	effects func(t *testing.T, tb *testBot, calls *atomic.Int64, files int) int
}

var replayCases = []replayCase{
	{"/faq add", func(tb *testBot) *discordgo.Interaction {
		return tb.cmd(adminID, "faq", fakediscord.Sub("add", fakediscord.Str("question", "Where do we meet?"), fakediscord.Str("answer", "At the bandstand.")))
	}, func(t *testing.T, tb *testBot, _ *atomic.Int64, _ int) int {
		es, err := tb.Store.FAQEntries(context.Background(), testGuild)
		if err != nil {
			t.Fatal(err)
		}
		return len(es)
	}},
	{"/ask", func(tb *testBot) *discordgo.Interaction {
		return tb.cmd(alice, "ask", fakediscord.Str("question", replayQuestion))
	}, func(_ *testing.T, _ *testBot, calls *atomic.Int64, _ int) int { return int(calls.Load()) }},
	{"/me-data export", func(tb *testBot) *discordgo.Interaction {
		return tb.cmd(alice, "me-data", fakediscord.Sub("export"))
	}, func(_ *testing.T, _ *testBot, _ *atomic.Int64, files int) int { return files }},
	{"/challenge create", func(tb *testBot) *discordgo.Interaction {
		return tb.cmd(adminID, "challenge", fakediscord.Sub("create", fakediscord.Str("name", "June feet"), fakediscord.Int("days", 10), fakediscord.Int("daily-minutes", 10)))
	}, func(t *testing.T, tb *testBot, _ *atomic.Int64, _ int) int {
		cs, err := tb.Store.Challenges(context.Background(), testGuild, tb.today(), true)
		if err != nil {
			t.Fatal(err)
		}
		return len(cs)
	}},
}

// replyText is what a member reads from a reply, its follow-up's edit
// included (run as a transport would).
func replyText(tb *testBot, i *discordgo.Interaction, r Reply) (string, int) {
	files := 0
	if r.Response.Data != nil {
		files = len(r.Response.Data.Files)
	}
	if r.Later == nil {
		return text(r), files
	}
	e := tb.runLater(context.Background(), i, r.Later)
	return editText(e), files + len(e.Files)
}

// TestReplayRunsOnce: the same interaction handled twice, after the first
// finished, has one effect, and the repeat reads the first reply (or, for a
// reply with a file, which is not kept, "already handled").
func TestReplayRunsOnce(t *testing.T) {
	for _, c := range replayCases {
		t.Run(c.name, func(t *testing.T) {
			tb := newTestBot(t)
			calls := withCountingLLM(t, tb.Bot)
			i := c.build(tb)
			first, files1 := replyText(tb, i, tb.handle(i))
			again := tb.handle(i)
			second, files2 := replyText(tb, i, again)
			if again.Later != nil {
				t.Errorf("the repeat deferred work again")
			}
			if n := c.effects(t, tb, calls, files1+files2); n != 1 {
				t.Errorf("%d effects of one interaction delivered twice, want 1 (replies %q, %q)", n, first, second)
			}
			if files1 > 0 {
				if !strings.Contains(second, alreadyHandledText) {
					t.Errorf("repeat of a reply with a file: %q", second)
				}
			} else if second != first || first == "" {
				t.Errorf("repeat reads %q, want the first reply %q", second, first)
			}
			wantSafe(t, again)
		})
	}
}

// TestReplayWhileRunningAndAfterLease: a repeat while the first attempt is
// still working (here: its follow-up not run yet) runs nothing; once the
// lease has run out unfinished (a crash), a retry runs.
func TestReplayWhileRunningAndAfterLease(t *testing.T) {
	tb := newTestBot(t)
	calls := withCountingLLM(t, tb.Bot)
	i := tb.cmd(alice, "ask", fakediscord.Str("question", replayQuestion))
	if r := tb.handle(i); r.Later == nil {
		t.Fatalf("/ask not deferred: %q", text(r))
	}
	// The follow-up never runs: the process "crashed" after the first response.
	r := tb.handle(i)
	if r.Later != nil || !strings.Contains(text(r), alreadyHandledText) || !isEphemeral(r) {
		t.Fatalf("repeat while the first is running: %q (deferred %v)", text(r), r.Later != nil)
	}
	// The claim is held for the follow-up's time, not only the lease.
	tb.setNow(tb.Now().Add(replayLease + time.Second))
	if r := tb.handle(i); r.Later != nil {
		t.Fatalf("taken over while the follow-up may still run")
	}
	tb.setNow(tb.Now().Add(laterTimeout + replayLease))
	r = tb.handle(i)
	if r.Later == nil {
		t.Fatalf("retry after the lease ran out did not run: %q", text(r))
	}
	if got := editText(tb.runLater(context.Background(), i, r.Later)); !strings.Contains(got, "Percussive") {
		t.Errorf("retried answer %q", got)
	}
	if n := calls.Load(); n != 1 {
		t.Errorf("%d LLM calls, want 1 (the retry's)", n)
	}
	// Autocomplete and PING are never claimed: the same id twice answers twice.
	ac := tb.autocomplete(alice, "ask", fakediscord.Focused(fakediscord.Str("question", "massage")))
	for k := 0; k < 2; k++ {
		if r := tb.handle(ac); r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult {
			t.Errorf("autocomplete %d answered type %d", k, r.Response.Type)
		}
	}
}

// TestKeptReply: a reply kept for repeats comes back as it was sent, with
// its embeds and buttons; one with a file is not kept.
func TestKeptReply(t *testing.T) {
	r := ephemeral("hello", &discordgo.MessageEmbed{Title: "T", Description: "D"}).withComponents(undoRow(42))
	r = safeReply(r)
	got, ok := decodeReply(keptReply(r.Response))
	if !ok {
		t.Fatal("kept reply does not decode")
	}
	want, _ := json.Marshal(r.Response)
	back, _ := json.Marshal(got.Response)
	if string(want) != string(back) {
		t.Errorf("kept reply\n%s\nwant\n%s", back, want)
	}
	if ids := buttonIDs(got); !reflect.DeepEqual(ids, buttonIDs(r)) {
		t.Errorf("buttons %v, want %v", ids, buttonIDs(r))
	}
	withFile := ephemeral("x").withFiles(&discordgo.File{Name: "a.json", Reader: strings.NewReader("{}")})
	if b := keptReply(withFile.Response); b != nil {
		t.Errorf("a reply with a file was kept: %s", b)
	}
	for _, bad := range []string{"", "{", `{"type":0}`, `{"type":4,"data":{"components":[{"type":99}]}}`} {
		if _, ok := decodeReply([]byte(bad)); ok {
			t.Errorf("decodeReply(%q) ok", bad)
		}
	}
}

// TestE2EReplayOverGateway: the fake Discord redelivers each interaction
// (the same id, as after a resume) once the first was answered: one effect
// each, and the redelivery is answered (the fake, like Discord, refuses the
// second callback with 40060).
func TestE2EReplayOverGateway(t *testing.T) {
	w := newGatewayWorld(t)
	calls := withCountingLLM(t, w.Bot)
	db := w.Store
	var files int // files sent in the callbacks of the export
	cases := []struct {
		name    string
		i       *discordgo.Interaction
		effects func() (int, error)
	}{
		{"/faq add", w.srv.Command(w.guild, w.members["boss"], "faq", fakediscord.Sub("add",
			fakediscord.Str("question", "Where do we meet?"), fakediscord.Str("answer", "At the bandstand."))),
			func() (int, error) { es, err := db.FAQEntries(w.ctx, w.guild); return len(es), err }},
		{"/ask", w.srv.Command(w.guild, w.members["ann"], "ask", fakediscord.Str("question", replayQuestion)),
			func() (int, error) { return int(calls.Load()), nil }},
		{"/me-data export", w.srv.Command(w.guild, w.members["ann"], "me-data", fakediscord.Sub("export")),
			func() (int, error) { return files, nil }},
		{"/challenge create", w.srv.Command(w.guild, w.members["boss"], "challenge", fakediscord.Sub("create",
			fakediscord.Str("name", "June feet"), fakediscord.Int("days", 10), fakediscord.Int("daily-minutes", 10))),
			func() (int, error) {
				cs, err := db.Challenges(w.ctx, w.guild, w.today(), true)
				return len(cs), err
			}},
	}
	for _, c := range cases {
		w.do(c.i)
		ex, err := w.srv.Deliver(w.ctx, c.i)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.srv.WaitFor(w.ctx, func() bool { return len(ex.Callbacks()) >= 2 }); err != nil {
			t.Fatalf("%s: redelivery not answered: %v", c.name, err)
		}
		w.Wait(10 * time.Second) // a repeat's follow-up, had it run one
		cbs := ex.Callbacks()
		files = 0
		for _, cb := range cbs {
			if cb.Data != nil {
				files += len(cb.Data.Files)
			}
		}
		if first, again := cbs[0], cbs[1]; first.Type == discordgo.InteractionResponseChannelMessageWithSource &&
			len(first.Data.Files) == 0 && msgData(again) != msgData(first) {
			t.Errorf("%s: the redelivery answered %q, want the first reply %q", c.name, msgData(again), msgData(first))
		}
		if n, err := c.effects(); err != nil || n != 1 {
			t.Errorf("%s delivered twice: %d effects (%v), want 1", c.name, n, err)
		}
	}
}

// msgData is a callback's message text.
func msgData(cb *fakediscord.Callback) string {
	if cb.Data == nil {
		return ""
	}
	return dataText(cb.Data.Content, cb.Data.Embeds)
}
