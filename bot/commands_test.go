package bot

import (
	"context"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

var slashName = regexp.MustCompile(`^[-_\p{L}\p{N}]{1,32}$`)

// TestCommandsWithinDiscordLimits checks the table against the limits
// Discord enforces when registering, so a bulk overwrite never fails.
func TestCommandsWithinDiscordLimits(t *testing.T) {
	cmds := Commands()
	if len(cmds) > 100 {
		t.Fatalf("%d commands", len(cmds))
	}
	names := map[string]bool{}
	for _, c := range cmds {
		key := string(rune('0'+c.Type)) + c.Name
		if names[key] {
			t.Errorf("duplicate command %q", c.Name)
		}
		names[key] = true
		if c.Contexts == nil || len(*c.Contexts) != 1 || (*c.Contexts)[0] != discordgo.InteractionContextGuild {
			t.Errorf("%s: usable outside servers (contexts %v)", c.Name, c.Contexts)
		}
		switch c.Type {
		case discordgo.ChatApplicationCommand:
			checkName(t, c.Name, c.Name)
			checkDesc(t, c.Name, c.Description)
			chars := utf8.RuneCountInString(c.Name) + utf8.RuneCountInString(c.Description)
			chars += checkOptions(t, c.Name, c.Options, 0)
			if chars > 4000 {
				t.Errorf("%s: %d characters (limit 8000 in all, 4000 kept as margin)", c.Name, chars)
			}
		case discordgo.UserApplicationCommand:
			if c.Name == "" || utf8.RuneCountInString(c.Name) > 32 || c.Description != "" || len(c.Options) > 0 {
				t.Errorf("user command %q malformed", c.Name)
			}
		default:
			t.Errorf("%s: type %d", c.Name, c.Type)
		}
	}
	for _, want := range []string{"ask", "checkin", "streak", "leaderboard", "challenge", "settings", "me", "me-data", "faq", "export"} {
		if !names["\x31"+want] {
			t.Errorf("missing /%s", want)
		}
	}
	if !names["\x32"+streakCardName] {
		t.Errorf("missing user command %q", streakCardName)
	}
	// The table is valid JSON as `clubbot commands` prints it.
	if _, err := json.Marshal(cmds); err != nil {
		t.Fatal(err)
	}
}

func checkName(t *testing.T, where, name string) {
	t.Helper()
	if !slashName.MatchString(name) || strings.ToLower(name) != name {
		t.Errorf("%s: name %q breaks Discord's rules", where, name)
	}
}

func checkDesc(t *testing.T, where, d string) {
	t.Helper()
	if n := utf8.RuneCountInString(d); n < 1 || n > 100 {
		t.Errorf("%s: description of %d characters: %q", where, n, d)
	}
}

func checkOptions(t *testing.T, where string, opts []*discordgo.ApplicationCommandOption, depth int) int {
	t.Helper()
	if len(opts) > 25 {
		t.Errorf("%s: %d options", where, len(opts))
	}
	chars := 0
	seenOptional := false
	seen := map[string]bool{}
	for _, o := range opts {
		w := where + " " + o.Name
		checkName(t, w, o.Name)
		checkDesc(t, w, o.Description)
		if seen[o.Name] {
			t.Errorf("%s: duplicate option", w)
		}
		seen[o.Name] = true
		chars += utf8.RuneCountInString(o.Name) + utf8.RuneCountInString(o.Description)
		sub := o.Type == discordgo.ApplicationCommandOptionSubCommand || o.Type == discordgo.ApplicationCommandOptionSubCommandGroup
		if !sub {
			if o.Required && seenOptional {
				t.Errorf("%s: required after optional", w)
			}
			if !o.Required {
				seenOptional = true
			}
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			t.Errorf("%s: autocomplete and choices", w)
		}
		if len(o.Choices) > 25 {
			t.Errorf("%s: %d choices", w, len(o.Choices))
		}
		for _, c := range o.Choices {
			if n := utf8.RuneCountInString(c.Name); n < 1 || n > 100 {
				t.Errorf("%s: choice name %q", w, c.Name)
			}
			if s, ok := c.Value.(string); ok && (len(s) > 100 || o.Type != discordgo.ApplicationCommandOptionString) {
				t.Errorf("%s: choice value %q", w, s)
			}
			chars += utf8.RuneCountInString(c.Name) + len(c.Value.(string))
		}
		if o.MaxLength > 6000 || (o.MinLength != nil && (*o.MinLength < 0 || (o.MaxLength > 0 && *o.MinLength > o.MaxLength))) {
			t.Errorf("%s: lengths %v-%d", w, o.MinLength, o.MaxLength)
		}
		if o.MinValue != nil && o.MaxValue != 0 && *o.MinValue > o.MaxValue {
			t.Errorf("%s: values %v-%v", w, *o.MinValue, o.MaxValue)
		}
		if sub {
			if depth >= 1 && o.Type == discordgo.ApplicationCommandOptionSubCommandGroup {
				t.Errorf("%s: nested group", w)
			}
			chars += checkOptions(t, w, o.Options, depth+1)
		}
	}
	return chars
}

func TestCommandPermissions(t *testing.T) {
	perm := map[string]*int64{}
	for _, c := range Commands() {
		perm[c.Name] = c.DefaultMemberPermissions
	}
	for _, name := range []string{"settings", "faq", "export"} {
		if p := perm[name]; p == nil || *p != discordgo.PermissionManageGuild {
			t.Errorf("/%s default_member_permissions = %v, want Manage Server", name, p)
		}
	}
	for _, name := range []string{"ask", "checkin", "streak", "leaderboard", "challenge", "me", "me-data", streakCardName} {
		if perm[name] != nil {
			t.Errorf("/%s restricted to %d; it is for everyone", name, *perm[name])
		}
	}
}

func TestCheckInChoicesMatchDomain(t *testing.T) {
	var checkin *discordgo.ApplicationCommand
	for _, c := range Commands() {
		if c.Name == "checkin" {
			checkin = c
		}
	}
	got := map[string][]string{}
	for _, o := range checkin.Options {
		for _, c := range o.Choices {
			got[o.Name] = append(got[o.Name], c.Value.(string))
		}
	}
	want := map[string]string{
		"timing":    "pre-run post-run rest-day other",
		"tool":      "shiatsu roller percussive spa ball hands other",
		"sore-spot": "none heel arch achilles toes ankle calf",
		"day":       "today yesterday",
	}
	for k, v := range want {
		if strings.Join(got[k], " ") != v {
			t.Errorf("%s choices %v, want %s", k, got[k], v)
		}
	}
}

type fakeRegistrar struct {
	appID, guildID string
	cmds           []*discordgo.ApplicationCommand
}

func (f *fakeRegistrar) ApplicationCommandBulkOverwrite(appID, guildID string, cmds []*discordgo.ApplicationCommand, _ ...discordgo.RequestOption) ([]*discordgo.ApplicationCommand, error) {
	f.appID, f.guildID, f.cmds = appID, guildID, cmds
	return cmds, nil
}

func TestRegisterCommands(t *testing.T) {
	f := &fakeRegistrar{}
	if err := registerCommands(context.Background(), f, "app", "guild"); err != nil {
		t.Fatal(err)
	}
	if f.appID != "app" || f.guildID != "guild" || len(f.cmds) != len(Commands()) {
		t.Errorf("registered %+v", f)
	}
	if err := registerCommands(context.Background(), f, "", ""); err == nil {
		t.Error("no app id accepted")
	}
}
