package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

func TestReplyHelpersSetAllowedMentions(t *testing.T) {
	for name, r := range map[string]Reply{
		"ephemeral": ephemeral("hi @everyone"),
		"public":    public("hi @here"),
		"userError": userError("bad %s", "x"),
		"internal":  internalError(),
		"update":    update("done", nil),
		"deferred":  deferred(true, nil),
	} {
		t.Run(name, func(t *testing.T) {
			am := r.Response.Data.AllowedMentions
			if am == nil || len(am.Parse) != 0 || len(am.Roles) != 0 || len(am.Users) != 0 {
				t.Fatalf("allowed mentions %+v", am)
			}
			// It must serialise as an explicit empty parse list, which is what
			// stops Discord from parsing mentions.
			b, _ := json.Marshal(am)
			if !strings.Contains(string(b), `"parse":[]`) {
				t.Fatalf("allowed mentions JSON %s", b)
			}
		})
	}
	if !isEphemeral(ephemeral("x")) || isEphemeral(public("x")) || !isEphemeral(userError("x")) {
		t.Error("ephemeral flags wrong")
	}
	m := mentionUser("42")
	if len(m.Parse) != 0 || len(m.Users) != 1 || m.Users[0] != "42" {
		t.Errorf("mentionUser = %+v", m)
	}
	e := edit("x")
	if e.AllowedMentions == nil || len(e.AllowedMentions.Parse) != 0 {
		t.Errorf("edit allowed mentions %+v", e.AllowedMentions)
	}
}

func TestIsAdmin(t *testing.T) {
	cases := []struct {
		perms int64
		guild string
		want  bool
	}{
		{0, testGuild, false},
		{discordgo.PermissionSendMessages, testGuild, false},
		{discordgo.PermissionManageGuild, testGuild, true},
		{discordgo.PermissionAdministrator, testGuild, true},
		{discordgo.PermissionManageGuild, "", false}, // a DM has no admins
	}
	for _, c := range cases {
		i := &discordgo.Interaction{GuildID: c.guild, Member: &discordgo.Member{User: &discordgo.User{ID: "1"}, Permissions: c.perms}}
		if got := isAdmin(i); got != c.want {
			t.Errorf("isAdmin(perms %d, guild %q) = %v", c.perms, c.guild, got)
		}
	}
	if isAdmin(&discordgo.Interaction{GuildID: testGuild, User: &discordgo.User{ID: "1"}}) {
		t.Error("no member: admin")
	}
}

func TestUserOf(t *testing.T) {
	inGuild := &discordgo.Interaction{Member: &discordgo.Member{User: &discordgo.User{ID: "1"}}}
	inDM := &discordgo.Interaction{User: &discordgo.User{ID: "2"}}
	if userID(inGuild) != "1" || userID(inDM) != "2" || userID(&discordgo.Interaction{}) != "" || userOf(nil) != nil {
		t.Error("userOf wrong")
	}
	if _, ok := guildOnly(inDM); ok {
		t.Error("DM passed guildOnly")
	}
}

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

func TestParseMinutes(t *testing.T) {
	good := map[string]int{"1": 1, "240": 240, " 15 ": 15, "15 min": 15, "20mins": 20, "30 minutes": 30, "5m": 5}
	for s, want := range good {
		if got, err := parseMinutes(s); err != nil || got != want {
			t.Errorf("parseMinutes(%q) = %d, %v", s, got, err)
		}
	}
	for _, s := range []string{"", "0", "241", "-1", "1.5", "ten", "0x10", "1e2", "99999", "min", "+5"} {
		if got, err := parseMinutes(s); err == nil {
			t.Errorf("parseMinutes(%q) = %d, want error", s, got)
		}
	}
}

func TestAutocompleteLimits(t *testing.T) {
	var many []string
	for n := 0; n < 40; n++ {
		many = append(many, strings.Repeat("z", n+1))
	}
	many = append([]string{strings.Repeat("v", 101)}, many...)
	r := autocomplete(stringChoices(many...)...)
	ch := r.Response.Data.Choices
	if len(ch) > 25 {
		t.Fatalf("%d choices", len(ch))
	}
	for _, c := range ch {
		if utf8.RuneCountInString(c.Name) > 100 || len(c.Value.(string)) > 100 {
			t.Errorf("choice too long: %q", c.Name)
		}
	}
}

func TestTruncateAndEscape(t *testing.T) {
	if got := truncate("héllo wörld", 5); got != "héll…" {
		t.Errorf("truncate = %q", got)
	}
	if got := truncate("abc", 5); got != "abc" {
		t.Errorf("truncate = %q", got)
	}
	if got := escapeMarkdown("**bold** [x](y)"); got != `\*\*bold\*\* \[x\]\(y\)` {
		t.Errorf("escape = %q", got)
	}
}

// FuzzOptionParsing feeds arbitrary interaction JSON (what a forged or
// malformed request could carry) through the option helpers and the
// /checkin reader: nothing panics, and whatever is accepted is within the
// limits.
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

// FuzzParseMinutes: typed minutes are accepted only as 1-240.
func FuzzParseMinutes(f *testing.F) {
	for _, s := range []string{"15", " 20 min", "0", "241", "abc", "١٥", "15\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := parseMinutes(s); err == nil && (n < 1 || n > 240) {
			t.Fatalf("parseMinutes(%q) = %d", s, n)
		}
	})
}

// TestReplyOutcome checks that each reply constructor sets the outcome the
// metrics report, and that a reply's text does not decide it: an ok reply
// whose text starts with a warning sign (as a member's note may) stays ok,
// where reading emoji prefixes called it a user error.
func TestReplyOutcome(t *testing.T) {
	i := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommand}
	ac := &discordgo.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete}
	for _, c := range []struct {
		name string
		r    Reply
		want Outcome
	}{
		{"ephemeral", ephemeral("x"), OutcomeOK},
		{"warning text", ephemeral("⚠️ mind the heel"), OutcomeOK},
		{"error text", public("❌ crossed out"), OutcomeOK},
		{"userError", userError("bad %s", "x"), OutcomeUserError},
		{"internalError", internalError(), OutcomeError},
		{"busy", busyReply(i), OutcomeBusy},
		{"busy autocomplete", busyReply(ac), OutcomeBusy},
		{"zero", Reply{}, OutcomeOK},
	} {
		if got := c.r.outcome(); got != c.want {
			t.Errorf("%s: outcome %q, want %q", c.name, got, c.want)
		}
	}
}
