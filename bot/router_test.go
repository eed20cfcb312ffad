package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"

	"clubbot"
	"clubbot/bot/fakediscord"
)

func TestHandlePing(t *testing.T) {
	tb := newTestBot(t)
	r := tb.handle(&discordgo.Interaction{ID: "1", Type: discordgo.InteractionPing})
	if r.Response.Type != discordgo.InteractionResponsePong {
		t.Fatalf("PING answered with %d", r.Response.Type)
	}
}

func TestHandleDMRefused(t *testing.T) {
	tb := newTestBot(t)
	for _, name := range []string{"checkin", "streak", "leaderboard", "settings", "me", "me-data", "export", "challenge", "ask", "faq"} {
		i := tb.cmd(alice, name, fakediscord.Int("minutes", 10))
		i.GuildID, i.Member, i.User = "", nil, &discordgo.User{ID: alice}
		wantUserError(t, tb.handle(i), "in a server")
	}
	i := tb.click(alice, checkInButtonID(10), postMsgID)
	i.GuildID, i.Member, i.User = "", nil, &discordgo.User{ID: alice}
	wantUserError(t, tb.handle(i), "in a server")
	if m, _ := tb.totalMinutes(t, alice); m != 0 {
		t.Errorf("a DM stored %d minutes", m)
	}
}

func TestHandleUnknownAndStale(t *testing.T) {
	tb := newTestBot(t)
	wantUserError(t, tb.handle(tb.cmd(alice, "dance")), "does not know")
	for _, id := range []string{"", "old-button", "v0:ci:10", "v1:ci:999", "v1:undo:abc", "v9:join:1"} {
		wantUserError(t, tb.handle(tb.click(alice, id, postMsgID)), "no longer works")
	}
	// A modal id on a button, or a button id on a modal submit, is refused too.
	wantUserError(t, tb.handle(tb.click(alice, otherModalID(""), postMsgID)), "no longer works")
	wantUserError(t, tb.handle(tb.submit(alice, checkInButtonID(10), "", nil)), "no longer works")
	// Unknown autocomplete: no choices, no error.
	r := tb.handle(tb.autocomplete(alice, "dance", fakediscord.Focused(fakediscord.Str("x", "y"))))
	if r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(r.Response.Data.Choices) != 0 {
		t.Errorf("unknown autocomplete: %+v", r.Response)
	}
	wantUserError(t, tb.handle(&discordgo.Interaction{Type: 99, GuildID: testGuild, Member: member(alice)}), "not something")
}

func TestHandleRecoversPanic(t *testing.T) {
	tb := newTestBot(t)
	reg := prometheus.NewRegistry()
	tb.Metrics = NewMetrics(reg)
	tb.Store = nil // every store call now panics with a nil pointer
	r := tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10)))
	if !isEphemeral(r) || !strings.Contains(text(r), "Something went wrong") {
		t.Fatalf("panic reply %q", text(r))
	}
	wantSafe(t, r)
	if n := testutil.ToFloat64(tb.Metrics.interactions.WithLabelValues("checkin", "panic")); n != 1 {
		t.Errorf("panic metric = %v", n)
	}
	// Deferred work that panics becomes an error edit.
	e := tb.runLater(context.Background(), tb.cmd(alice, "streak"), func(context.Context) *discordgo.WebhookEdit { panic("boom") })
	if !strings.Contains(editText(e), "Something went wrong") || e.AllowedMentions == nil {
		t.Errorf("later panic edit %q", editText(e))
	}
}

func TestHandleMetrics(t *testing.T) {
	tb := newTestBot(t)
	tb.Metrics = NewMetrics(prometheus.NewRegistry())
	tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 10)))
	tb.handle(tb.cmd(alice, "checkin", fakediscord.Int("minutes", 0)))
	tb.handle(tb.cmd(alice, "nope"))
	tb.handle(tb.click(alice, "junk", postMsgID))
	for _, c := range []struct {
		cmd, outcome string
	}{{"checkin", "ok"}, {"checkin", "user_error"}, {"unknown", "user_error"}, {"component:unknown", "user_error"}} {
		if n := testutil.ToFloat64(tb.Metrics.interactions.WithLabelValues(c.cmd, c.outcome)); n != 1 {
			t.Errorf("%s/%s = %v, want 1", c.cmd, c.outcome, n)
		}
	}
	if n := testutil.ToFloat64(tb.Metrics.checkIns); n != 1 {
		t.Errorf("check-ins metric %v", n)
	}
}

func TestSafeReplyRestrictsMentions(t *testing.T) {
	r := safeReply(Reply{Response: &discordgo.InteractionResponse{
		Type: discordgo.InteractionResponseChannelMessageWithSource,
		Data: &discordgo.InteractionResponseData{Content: "@everyone", AllowedMentions: &discordgo.MessageAllowedMentions{
			Parse: []discordgo.AllowedMentionType{discordgo.AllowedMentionTypeEveryone, discordgo.AllowedMentionTypeRoles},
			Roles: []string{"1"}, Users: []string{"7"}}},
	}})
	am := r.Response.Data.AllowedMentions
	if len(am.Parse) != 0 || len(am.Roles) != 0 || len(am.Users) != 1 {
		t.Errorf("allowed mentions %+v", am)
	}
	if r := safeReply(Reply{}); !strings.Contains(text(r), "Something went wrong") {
		t.Errorf("nil response became %q", text(r))
	}
}

func TestZoneAutocomplete(t *testing.T) {
	tb := newTestBot(t)
	for _, c := range []struct {
		cmd, typed, want string
	}{
		{"me", "kath", "Asia/Kathmandu"},
		{"settings", "new_y", "America/New_York"},
		{"me", "Europe/London", "Europe/London"},
		{"me", "lord", "Australia/Lord_Howe"},
		{"settings", "America/Argentina/Cordoba", "America/Argentina/Cordoba"}, // valid, not in the list
	} {
		r := tb.handle(tb.autocomplete(alice, c.cmd, fakediscord.Focused(fakediscord.Str("timezone", c.typed))))
		ch := r.Response.Data.Choices
		if r.Response.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(ch) == 0 || len(ch) > 25 {
			t.Fatalf("%q: %d choices", c.typed, len(ch))
		}
		if ch[0].Value != c.want {
			t.Errorf("%q: first choice %v, want %s", c.typed, ch[0].Value, c.want)
		}
	}
	r := tb.handle(tb.autocomplete(alice, "me", fakediscord.Focused(fakediscord.Str("timezone", ""))))
	if n := len(r.Response.Data.Choices); n != 25 {
		t.Errorf("empty prefix: %d choices, want 25", n)
	}
	r = tb.handle(tb.autocomplete(alice, "me", fakediscord.Focused(fakediscord.Str("timezone", strings.Repeat("x", 500)))))
	if n := len(r.Response.Data.Choices); n != 0 {
		t.Errorf("junk: %d choices", n)
	}
	for _, z := range commonZones {
		if err := validZoneForTest(z); err != nil {
			t.Errorf("common zone %s: %v", z, err)
		}
	}
}

func validZoneForTest(z string) error { return clubbot.ValidZone(z) }
