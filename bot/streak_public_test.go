package bot

import (
	"regexp"
	"strings"
	"testing"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

// TestStreakOfAnotherIsPublicFiguresOnly: /streak member:@x and the context
// menu on x are public cards with figures only: no note x wrote, no "you",
// and refused for a member who hides (SPEC 4 "Public and private").
func TestStreakOfAnotherIsPublicFiguresOnly(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(tb.cmd(bob, "checkin", fakediscord.Int("minutes", 20), fakediscord.Str("note", "secret blister on the left heel")))
	wantOK(t, r)
	you := regexp.MustCompile(`(?i)\byou(r)?\b`)
	card := func(asker, target string, menu bool) Reply {
		i := tb.cmd(asker, "streak", fakediscord.User("member", target))
		if menu {
			i = tb.cmd(asker, streakCardName)
			i.Data = discordgo.ApplicationCommandInteractionData{Name: streakCardName, CommandType: discordgo.UserApplicationCommand, TargetID: target}
		}
		r := tb.handle(i)
		if r.Later != nil {
			e := later(t, tb, i, r)
			r.Response.Data.Content, r.Response.Data.Embeds = *e.Content, *e.Embeds
		}
		return r
	}
	for _, menu := range []bool{false, true} {
		for _, target := range []string{bob, carol} { // carol has no check-ins
			r := card(alice, target, menu)
			got := text(r)
			if isEphemeral(r) || strings.Contains(got, "blister") || you.MatchString(got) || !strings.Contains(got, "Foot-care streak") {
				t.Errorf("card of %s (menu %v), ephemeral %v: %q", target, menu, isEphemeral(r), got)
			}
		}
	}
	wantOK(t, tb.handle(tb.cmd(bob, "me", fakediscord.Str("leaderboard", "hide"))))
	for _, menu := range []bool{false, true} {
		r := card(alice, bob, menu)
		wantUserError(t, r, "private")
		if strings.Contains(text(r), "blister") {
			t.Errorf("refusal shows the note: %q", text(r))
		}
	}
}
