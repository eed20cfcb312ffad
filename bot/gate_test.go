package bot

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

// slowClock makes every handler that reads the bot's clock wait until
// release is called, and says on entered when one is waiting: a handler
// made slow, as a starved CPU or a stalled disk would make it.
func slowClock(tb *testBot) (entered <-chan struct{}, release func()) {
	in := make(chan struct{}, 100)
	gate := make(chan struct{})
	clock := tb.Bot.Now
	tb.Bot.Now = func() time.Time {
		select {
		case in <- struct{}{}:
		default:
		}
		<-gate
		return clock()
	}
	var once sync.Once
	return in, func() { once.Do(func() { close(gate) }) }
}

func waitEntered(t *testing.T, entered <-chan struct{}, n int) {
	t.Helper()
	for k := 0; k < n; k++ {
		select {
		case <-entered:
		case <-time.After(5 * time.Second):
			t.Fatalf("only %d of %d handlers started", k, n)
		}
	}
}

// TestHTTPBusyPastTheBound: with MaxInFlight handlers stuck, the next
// interaction gets an ephemeral "busy" at once, a PING is still answered,
// and the stuck ones finish normally once they can.
func TestHTTPBusyPastTheBound(t *testing.T) {
	tb := newTestBot(t)
	tb.MaxInFlight = 2
	entered, release := slowClock(tb)
	defer release()
	pub, priv, _ := ed25519.GenerateKey(nil)
	h := tb.HTTPHandler(pub)
	post := func(i *discordgo.Interaction) *httptest.ResponseRecorder {
		body, _ := json.Marshal(i)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, signedRequest(priv, nowTS(), body))
		return w
	}
	stuck := make(chan *httptest.ResponseRecorder, 2)
	for _, u := range []string{alice, bob} {
		i := tb.cmd(u, "checkin", fakediscord.Int("minutes", 15))
		go func() { stuck <- post(i) }()
	}
	waitEntered(t, entered, 2)

	start := time.Now()
	w := post(tb.cmd(carol, "checkin", fakediscord.Int("minutes", 15)))
	took := time.Since(start)
	var resp discordgo.InteractionResponse
	if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil || w.Code != 200 {
		t.Fatalf("the extra interaction: %d %s", w.Code, w.Body)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data == nil ||
		resp.Data.Content != busyText || resp.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || resp.Data.AllowedMentions == nil {
		t.Errorf("the extra interaction got %+v, want the ephemeral busy message", resp.Data)
	}
	if took > time.Second {
		t.Errorf("busy answered after %s, want at once", took)
	}
	auto := post(tb.autocomplete(carol, "ask", fakediscord.Focused(fakediscord.Str("question", "how"))))
	var ac discordgo.InteractionResponse
	if err := json.Unmarshal(auto.Body.Bytes(), &ac); err != nil || ac.Type != discordgo.InteractionApplicationCommandAutocompleteResult || ac.Data == nil || len(ac.Data.Choices) != 0 {
		t.Errorf("busy autocomplete: %s, want an empty choice list", auto.Body)
	}
	if ping := post(&discordgo.Interaction{ID: "9", AppID: "42", Type: discordgo.InteractionPing, Token: "t"}); strings.TrimSpace(ping.Body.String()) != `{"type":1}` {
		t.Errorf("PING while busy: %s", ping.Body)
	}

	release()
	for k := 0; k < 2; k++ {
		if w := <-stuck; w.Code != 200 || !strings.Contains(w.Body.String(), "15 min") {
			t.Errorf("a stuck check-in, once free: %d %s", w.Code, w.Body)
		}
	}
	if m, _ := tb.totalMinutes(t, carol); m != 0 {
		t.Errorf("the refused check-in was stored: %d minutes", m)
	}
	if w := post(tb.cmd(carol, "checkin", fakediscord.Int("minutes", 15))); !strings.Contains(w.Body.String(), "15 min") {
		t.Errorf("after the rush, a check-in: %s", w.Body)
	}
}

// TestGatewayBusyPastTheBound is the same over the gateway, through the
// fake Discord and discordgo: the extra interaction's callback is the busy
// message, well inside Discord's 3 s.
func TestGatewayBusyPastTheBound(t *testing.T) {
	w := newWorld(t, "", time.Time{}, "ann", "ben")
	srv, guild, ann, ben, tb := w.srv, w.guild, w.members["ann"], w.members["ben"], w.testBot
	tb.MaxInFlight = 1
	entered, release := slowClock(tb)
	defer release() // before the gateway stops
	w.runGateway()
	ctx := w.ctx

	slow, err := srv.Deliver(ctx, srv.Command(guild, ann, "checkin", fakediscord.Int("minutes", 20)))
	if err != nil {
		t.Fatal(err)
	}
	waitEntered(t, entered, 1)
	ex, err := srv.Deliver(ctx, srv.Command(guild, ben, "checkin", fakediscord.Int("minutes", 20)))
	if err != nil {
		t.Fatal(err)
	}
	cb, err := ex.Wait(ctx)
	if err != nil || cb.Data == nil || cb.Data.Content != busyText || !cb.Data.Ephemeral() {
		t.Fatalf("the extra interaction's callback: %+v %v", cb, err)
	}
	if cb.Latency > time.Second {
		t.Errorf("busy answered after %s", cb.Latency)
	}
	release()
	cb, err = slow.Wait(ctx)
	if err != nil || cb.Data == nil || !strings.Contains(dataText(cb.Data.Content, cb.Data.Embeds), "20 min") {
		t.Errorf("the stuck check-in, once free: %+v %v", cb, err)
	}
}
