package fakediscord_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// A message create with enforce_nonce returns the first message for a nonce
// repeated in the same channel, as Discord does; without enforce_nonce, or
// in another channel, a new message is made.
func TestMessageNonce(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "test-token")
	other := w.srv.AddChannel(w.guild, "random")
	send := func(channel string, body map[string]any) (*discordgo.Message, error) {
		body["content"] = "Daily check-in"
		body["allowed_mentions"] = map[string]any{"parse": []string{}}
		resp, err := dg.RequestWithBucketID("POST", discordgo.EndpointChannelMessages(channel), body, "m")
		if err != nil {
			return nil, err
		}
		var m discordgo.Message
		return &m, json.Unmarshal(resp, &m)
	}
	must := func(channel string, body map[string]any) string {
		t.Helper()
		m, err := send(channel, body)
		if err != nil {
			t.Fatal(err)
		}
		return m.ID
	}
	count := func(channel string) int { return len(w.srv.Messages(channel)) }

	a := must(w.channel, map[string]any{"nonce": "p1", "enforce_nonce": true})
	if b := must(w.channel, map[string]any{"nonce": "p1", "enforce_nonce": true}); b != a || count(w.channel) != 1 {
		t.Errorf("repeated enforced nonce: ids %s %s, %d messages", a, b, count(w.channel))
	}
	if c := must(other, map[string]any{"nonce": "p1", "enforce_nonce": true}); c == a || count(other) != 1 {
		t.Errorf("same nonce in another channel returned %s", c)
	}
	if d := must(w.channel, map[string]any{"nonce": "p1"}); d == a || count(w.channel) != 2 {
		t.Errorf("nonce without enforce_nonce: %s, %d messages", d, count(w.channel))
	}
	i1 := must(w.channel, map[string]any{"nonce": 12345, "enforce_nonce": true})
	if i2 := must(w.channel, map[string]any{"nonce": 12345, "enforce_nonce": true}); i2 != i1 {
		t.Errorf("integer nonce: %s then %s", i1, i2)
	}
	if p := w.srv.Payloads(); p[len(p)-1].Data.Nonce != "12345" || !p[len(p)-1].Data.EnforceNonce {
		t.Errorf("payload nonce = %q %v", p[len(p)-1].Data.Nonce, p[len(p)-1].Data.EnforceNonce)
	}
	for name, nonce := range map[string]any{"26 characters": strings.Repeat("n", 26), "a float": 1.5, "an object": map[string]any{}} {
		if _, err := send(w.channel, map[string]any{"nonce": nonce, "enforce_nonce": true}); restCode(err) != 50035 {
			t.Errorf("nonce %s: %v, want 50035", name, err)
		}
	}
}

// LoseNext carries a request out and answers an error: the message exists
// though the sender saw a failure.
func TestLoseNext(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	dg := newSession(t, w.srv, "test-token")
	w.srv.LoseNext("POST channels/", 1, 500)
	_, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{Content: "hi", AllowedMentions: noPings()})
	if err == nil || len(w.srv.Messages(w.channel)) != 1 {
		t.Errorf("lost answer: err %v, %d messages", err, len(w.srv.Messages(w.channel)))
	}
	if _, err := dg.ChannelMessageSendComplex(w.channel, &discordgo.MessageSend{Content: "hi", AllowedMentions: noPings()}); err != nil {
		t.Errorf("after the fault: %v", err)
	}
}
