package bot

import (
	"bytes"
	"context"
	"image/png"
	"io"
	"strings"
	"testing"
	"time"

	"clubbot/bot/fakediscord"
	"github.com/bwmarrin/discordgo"
)

// checkInOn records minutes for user on day offset days before today.
func (tb *testBot) checkInDaysAgo(t testing.TB, user string, ago, minutes int) {
	t.Helper()
	now := tb.Now()
	tb.setNow(now.Add(-time.Duration(ago) * 24 * time.Hour))
	r := tb.handle(tb.cmd(user, "checkin", fakediscord.Int("minutes", int64(minutes))))
	tb.setNow(now)
	if string(r.outcome()) != "ok" {
		t.Fatalf("check-in %d days ago: %q", ago, text(r))
	}
}

func TestStreakSelf(t *testing.T) {
	tb := newTestBot(t)
	for _, ago := range []int{0, 1, 2, 5, 6, 7, 8, 9} {
		tb.checkInDaysAgo(t, alice, ago, 10)
	}
	i := tb.cmd(alice, "streak")
	r := tb.handle(i)
	wantSafe(t, r)
	if !isEphemeral(r) {
		t.Error("own streak is not ephemeral")
	}
	e := later(t, tb, i, r)
	got := editText(e)
	for _, want := range []string{"Current streak: 3 days", "Longest streak: 5 days", "All time: 8 days, 80 min"} {
		if !strings.Contains(got, want) {
			t.Errorf("card %q lacks %q", got, want)
		}
	}
	if e.AllowedMentions == nil || len(e.AllowedMentions.Parse) != 0 {
		t.Errorf("edit allowed mentions %+v", e.AllowedMentions)
	}
	if len(e.Files) != 1 || e.Files[0].Name != "streak.png" {
		t.Fatalf("files %+v", e.Files)
	}
	if (*e.Embeds)[0].Image == nil || (*e.Embeds)[0].Image.URL != "attachment://streak.png" {
		t.Errorf("embed image %+v", (*e.Embeds)[0].Image)
	}
	data, _ := io.ReadAll(e.Files[0].Reader)
	if _, err := png.Decode(bytes.NewReader(data)); err != nil {
		t.Errorf("calendar is not a PNG: %v", err)
	}
}

func TestStreakOtherMemberAndHidden(t *testing.T) {
	tb := newTestBot(t)
	tb.checkInDaysAgo(t, bob, 0, 20)
	i := tb.cmd(alice, "streak", fakediscord.User("member", bob))
	r := tb.handle(i)
	if isEphemeral(r) {
		t.Error("another member's streak is ephemeral")
	}
	if got := editText(later(t, tb, i, r)); !strings.Contains(got, "Current streak: 1 day") {
		t.Errorf("bob's card %q", got)
	}
	// The context menu shows the same card.
	uc := tb.cmd(alice, streakCardName)
	uc.Data = discordgo.ApplicationCommandInteractionData{Name: streakCardName, CommandType: discordgo.UserApplicationCommand, TargetID: bob,
		Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Users: map[string]*discordgo.User{bob: {ID: bob, Username: "bobby"}}}}
	r = tb.handle(uc)
	if got := editText(later(t, tb, uc, r)); !strings.Contains(got, "bobby") || !strings.Contains(got, "1 day") {
		t.Errorf("context menu card %q", got)
	}
	// Bob hides: nobody else sees his streak; he still sees his own.
	wantOK(t, tb.handle(tb.cmd(bob, "me", fakediscord.Str("leaderboard", "hide"))))
	wantUserError(t, tb.handle(tb.cmd(alice, "streak", fakediscord.User("member", bob))), "private")
	uc.ID = tb.nextID() // a new interaction: a repeated id is a replay and runs nothing
	wantUserError(t, tb.handle(uc), "private")
	own := tb.cmd(bob, "streak")
	if got := editText(later(t, tb, own, tb.handle(own))); !strings.Contains(got, "1 day") {
		t.Errorf("bob's own card %q", got)
	}
	// A bot target and a malformed member option are refused.
	uc.Data = discordgo.ApplicationCommandInteractionData{Name: streakCardName, CommandType: discordgo.UserApplicationCommand, TargetID: "77",
		Resolved: &discordgo.ApplicationCommandInteractionDataResolved{Users: map[string]*discordgo.User{"77": {ID: "77", Bot: true}}}}
	uc.ID = tb.nextID()
	wantUserError(t, tb.handle(uc), "bots")
	wantUserError(t, tb.handle(tb.cmd(alice, "streak", fakediscord.Str("member", "not-an-id"))), "member")
}

func TestStreakEmpty(t *testing.T) {
	tb := newTestBot(t)
	i := tb.cmd(carol, "streak")
	e := later(t, tb, i, tb.handle(i))
	if got := editText(e); !strings.Contains(got, "No check-ins yet") {
		t.Errorf("empty card %q", got)
	}
}

func TestStreakLaterStoreError(t *testing.T) {
	tb := newTestBot(t)
	i := tb.cmd(alice, "streak")
	r := tb.handle(i)
	tb.Store.(interface{ Close() error }).Close()
	e := tb.runLater(context.Background(), i, r.Later)
	if !strings.Contains(editText(e), "Something went wrong") {
		t.Errorf("edit after store failure %q", editText(e))
	}
}
