package bot

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

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
// FuzzParseMinutes: typed minutes are accepted only as 1-240.
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
