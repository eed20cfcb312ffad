package fakediscord_test

import (
	"crypto/ed25519"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/discordx"
)

// inlineBot is an HTTP-mode bot that answers every interaction with body.
type inlineBot struct {
	mu   sync.Mutex
	body string
	srv  *httptest.Server
	key  ed25519.PrivateKey
}

func newInlineBot(t *testing.T) *inlineBot {
	_, key, err := ed25519.GenerateKey(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &inlineBot{key: key}
	b.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		b.mu.Lock()
		defer b.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(b.body))
	}))
	t.Cleanup(b.srv.Close)
	return b
}

// modalJSON is a modal callback holding components (a JSON array).
func modalJSON(components string) string {
	return `{"type": 9, "data": {"custom_id": "form", "title": "Check in", "components": ` + components + `}}`
}

const (
	labelText   = `{"type": 18, "label": "Minutes", "description": "1-240", "component": {"type": 4, "custom_id": "minutes", "style": 1, "required": true, "max_length": 3}}`
	labelSelect = `{"type": 18, "label": "Tool", "component": {"type": 3, "custom_id": "tool", "required": false, "min_values": 0, "max_values": 1, "options": [{"label": "Roller", "value": "roller"}, {"label": "Ball", "value": "ball"}]}}`
	rowText     = `{"type": 1, "components": [{"type": 4, "custom_id": "note", "label": "Note", "style": 2}]}`
)

// The fake accepts a modal in the current Label form, the deprecated
// action-row form or both mixed, and refuses what Discord's docs rule out.
func TestModalFormsAcceptedAndRefused(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	bot := newInlineBot(t)
	cases := []struct {
		name, components string
		ok               bool
	}{
		{"labels", `[` + labelText + `, ` + labelSelect + `]`, true},
		{"action rows (deprecated)", `[` + rowText + `]`, true},
		{"both with a text display", `[{"type": 10, "content": "Log a session."}, ` + labelText + `, ` + rowText + `]`, true},
		{"no components", `[]`, false},
		{"six components", `[` + strings.Repeat(labelText+`,`, 5) + labelText + `]`, false},
		{"label without label", `[{"type": 18, "component": {"type": 4, "custom_id": "m", "style": 1}}]`, false},
		{"label of 46", `[{"type": 18, "label": "` + strings.Repeat("x", 46) + `", "component": {"type": 4, "custom_id": "m", "style": 1}}]`, false},
		{"description of 101", `[{"type": 18, "label": "M", "description": "` + strings.Repeat("x", 101) + `", "component": {"type": 4, "custom_id": "m", "style": 1}}]`, false},
		{"label without component", `[{"type": 18, "label": "M"}]`, false},
		{"button in a label", `[{"type": 18, "label": "M", "component": {"type": 2, "custom_id": "b", "style": 1, "label": "Go"}}]`, false},
		{"empty label on the input", `[{"type": 18, "label": "M", "component": {"type": 4, "custom_id": "m", "style": 1, "label": ""}}]`, false},
		{"bad style", `[{"type": 18, "label": "M", "component": {"type": 4, "custom_id": "m", "style": 3}}]`, false},
		{"min over max", `[{"type": 18, "label": "M", "component": {"type": 4, "custom_id": "m", "style": 1, "min_length": 5, "max_length": 3}}]`, false},
		{"required select with min 0", `[{"type": 18, "label": "T", "component": {"type": 3, "custom_id": "t", "min_values": 0, "options": [{"label": "a", "value": "a"}]}}]`, false},
		{"select without options", `[{"type": 18, "label": "T", "component": {"type": 3, "custom_id": "t", "options": []}}]`, false},
		{"disabled select", `[{"type": 18, "label": "T", "component": {"type": 3, "custom_id": "t", "disabled": true, "options": [{"label": "a", "value": "a"}]}}]`, false},
		{"duplicate custom id", `[` + labelText + `, ` + labelText + `]`, false},
		{"row of two inputs", `[{"type": 1, "components": [{"type": 4, "custom_id": "a", "label": "A", "style": 1}, {"type": 4, "custom_id": "b", "label": "B", "style": 1}]}]`, false},
		{"row input without label", `[{"type": 1, "components": [{"type": 4, "custom_id": "a", "style": 1}]}]`, false},
		{"button row", `[{"type": 1, "components": [{"type": 2, "custom_id": "b", "style": 1, "label": "Go"}]}]`, false},
		{"empty text display", `[{"type": 10, "content": ""}, ` + labelText + `]`, false},
	}
	for _, c := range cases {
		bot.mu.Lock()
		bot.body = modalJSON(c.components)
		bot.mu.Unlock()
		ctx := ctxT(t, 3*time.Second)
		ex, err := w.srv.DeliverHTTP(ctx, bot.srv.URL, bot.key, w.srv.Command(w.guild, w.ann, "checkin"))
		if c.ok != (err == nil) {
			t.Errorf("%s: accepted %v (%v), want %v", c.name, err == nil, err, c.ok)
			continue
		}
		if cbs := ex.Callbacks(); !c.ok && (len(cbs) != 1 || cbs[0].Code != 50035) {
			t.Errorf("%s: callbacks %+v, want one refused with 50035", c.name, cbs)
		}
	}
}

// A submit is built like the modal shown: each input inside a Label, a text
// input with its value, a select with the values chosen (none when left
// empty), as Discord sends them.
func TestSubmitFollowsTheModalShown(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	bot := newInlineBot(t)
	bot.body = modalJSON(`[` + labelText + `, ` + labelSelect + `, ` + rowText + `]`)
	ctx := ctxT(t, 3*time.Second)
	ex, err := w.srv.DeliverHTTP(ctx, bot.srv.URL, bot.key, w.srv.Command(w.guild, w.ann, "checkin"))
	if err != nil {
		t.Fatal(err)
	}
	cb, _ := ex.Wait(ctx)
	if l, ok := cb.Data.Components[0].(discordx.Label); !ok || l.Label != "Minutes" || l.Description != "1-240" {
		t.Errorf("stored modal component = %#v", cb.Data.Components[0])
	}

	check := func(i *discordgo.Interaction, want map[string]string) {
		t.Helper()
		raw, err := json.Marshal(wireModal(t, i))
		if err != nil {
			t.Fatal(err)
		}
		got := string(raw)
		for _, w := range []string{
			`{"type":18,"id":1,"component":{"type":4,"id":2,"custom_id":"minutes","value":"` + want["minutes"] + `"}}`,
			`{"type":18,"id":3,"component":{"type":3,"id":4,"custom_id":"tool","values":` + want["tool"] + `}}`,
			`{"type":18,"id":5,"component":{"type":4,"id":6,"custom_id":"note","value":""}}`,
		} {
			if !strings.Contains(got, w) {
				t.Errorf("submit %s lacks %s", got, w)
			}
		}
	}
	check(w.srv.Submit(w.guild, w.ann, "form", map[string]string{"minutes": "25", "tool": "ball"}),
		map[string]string{"minutes": "25", "tool": `["ball"]`})
	check(w.srv.Submit(w.guild, w.ann, "form", map[string]string{"minutes": "5"}),
		map[string]string{"minutes": "5", "tool": `[]`})

	// Another member was shown no modal: plain text inputs, sorted.
	other := w.srv.AddMember(w.guild, "cat", 0)
	md := w.srv.Submit(w.guild, other, "form", map[string]string{"b": "2", "a": "1"}).ModalSubmitData()
	if v := discordx.Values(md.Components); len(md.Components) != 2 || v["a"] != "1" || v["b"] != "2" {
		t.Errorf("submit without a modal shown = %+v", md)
	}
}

// wireModal is a submit's data as Discord sends it.
func wireModal(t *testing.T, i *discordgo.Interaction) json.RawMessage {
	t.Helper()
	raw, err := discordx.MarshalInteraction(i)
	if err != nil {
		t.Fatal(err)
	}
	var obj struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(raw, &obj); err != nil {
		t.Fatal(err)
	}
	return obj.Data
}
