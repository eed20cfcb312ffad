package bot

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"clubbot/bot/fakediscord"
)

func TestCommandOptions(t *testing.T) {
	i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand, Data: discordgo.ApplicationCommandInteractionData{
		Name: "challenge", Options: []*fakediscord.Opt{fakediscord.Sub("create", fakediscord.Str("name", "Feet"), fakediscord.Int("days", 30), &fakediscord.Opt{Name: "x", Value: true})},
	}}
	s, o := commandOptions(i)
	if s != "create" {
		t.Fatalf("sub = %q", s)
	}
	if v, ok := o.String("name"); !ok || v != "Feet" {
		t.Errorf("name = %q %v", v, ok)
	}
	if v, ok := o.Int("days"); !ok || v != 30 {
		t.Errorf("days = %d %v", v, ok)
	}
	if v, ok := o.Bool("x"); !ok || !v {
		t.Errorf("x = %v %v", v, ok)
	}
	if _, ok := o.Int("name"); ok {
		t.Error("a string read as an int")
	}
	if _, ok := o.String("missing"); ok {
		t.Error("missing option found")
	}
	// Not a command: no options, no panic.
	if s, o := commandOptions(&discordgo.Interaction{Data: discordgo.MessageComponentInteractionData{}}); s != "" || len(o) != 0 {
		t.Error("component read as command")
	}
	for v, want := range map[any]bool{1.5: false, 2.0: true, int64(3): true, "4": true, "x": false, nil: false, 1e17: false} {
		o := options{"n": {Name: "n", Value: v}}
		if _, ok := o.Int("n"); ok != want {
			t.Errorf("Int(%v) ok = %v", v, ok)
		}
	}
	if _, ok := (options{"u": {Name: "u", Value: "12a"}}).User("u"); ok {
		t.Error("bad snowflake accepted")
	}
}

func FuzzOptionParsing(f *testing.F) {
	f.Add(`{"type":2,"data":{"name":"checkin","options":[{"name":"minutes","type":4,"value":15},{"name":"note","type":3,"value":"hi"}]}}`)
	f.Add(`{"type":2,"data":{"name":"checkin","options":[{"name":"minutes","type":4,"value":1e308}]}}`)
	f.Add(`{"type":2,"data":{"name":"checkin","options":[{"name":"minutes","type":3,"value":"15"},{"name":"day","type":3,"value":"yesterday"}]}}`)
	f.Add(`{"type":2,"data":{"name":"challenge","options":[{"name":"create","type":1,"options":[{"name":"days","type":4,"value":-1}]}]}}`)
	f.Add(`{"type":2,"data":{"name":"x","options":[{"name":"g","type":2,"options":[{"name":"s","type":1,"options":[{"name":"a","value":null}]}]}]}}`)
	f.Add(`{"type":5,"data":{"custom_id":"v1:mo","components":[{"type":1,"components":[{"type":4,"custom_id":"minutes","value":"12"}]}]}}`)
	f.Fuzz(func(t *testing.T, raw string) {
		var i discordgo.Interaction
		if err := json.Unmarshal([]byte(raw), &i); err != nil {
			return
		}
		_, opts := commandOptions(&i)
		for name := range opts {
			opts.String(name)
			opts.Int(name)
			opts.Bool(name)
			opts.User(name)
		}
		opts.focused()
		c, day, _, ok := checkInFromOptions(opts)
		if ok {
			if c.Minutes < 1 || c.Minutes > 240 || utf8.RuneCountInString(c.Note) > 200 || !utf8.ValidString(c.Note) {
				t.Fatalf("accepted %+v", c)
			}
			if day != "" && day != "today" && day != "yesterday" {
				t.Fatalf("accepted day %q", day)
			}
			if err := c.Validate(); err != nil && c.GuildID != "" {
				t.Fatalf("accepted invalid %+v: %v", c, err)
			}
		}
		if i.Type == discordgo.InteractionModalSubmit {
			if c, _, ok := checkInFromModal(modalValues(&i)); ok && (c.Minutes < 1 || c.Minutes > 240 || utf8.RuneCountInString(c.Note) > 200) {
				t.Fatalf("modal accepted %+v", c)
			}
		}
	})
}
