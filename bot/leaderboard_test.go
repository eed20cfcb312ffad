package bot

import (
	"context"
	"fmt"
	"image/png"
	"strings"
	"testing"

	"clubbot"
	"clubbot/bot/picture"
)

func TestLeaderboardWeek(t *testing.T) {
	tb := newTestBot(t)
	// Wednesday: alice 3 days, bob 2, carol 1 this week.
	for _, ago := range []int{0, 1, 2} {
		tb.checkInDaysAgo(t, alice, ago, 10)
	}
	tb.checkInDaysAgo(t, bob, 0, 30)
	tb.checkInDaysAgo(t, bob, 1, 30)
	tb.checkInDaysAgo(t, carol, 0, 5)
	r := tb.handle(tb.cmd(carol, "leaderboard"))
	wantOK(t, r)
	wantSafe(t, r)
	if isEphemeral(r) {
		t.Error("leaderboard is ephemeral")
	}
	got := text(r)
	a, b, c := strings.Index(got, "<@"+alice+">"), strings.Index(got, "<@"+bob+">"), strings.Index(got, "<@"+carol+">")
	if a < 0 || b < 0 || c < 0 || !(a < b && b < c) {
		t.Fatalf("order wrong in %q", got)
	}
	for _, want := range []string{"This week", "**1.** <@" + alice + "> · 3 days", "3 ranked", "You are #3"} {
		if !strings.Contains(got, want) {
			t.Errorf("board %q lacks %q", got, want)
		}
	}
	// The bar chart follows in an edit of the same message.
	if r.Later == nil {
		t.Fatal("leaderboard has no picture follow-up")
	}
	e := later(t, tb, tb.cmd(carol, "leaderboard"), r)
	if len(e.Files) != 1 || e.Files[0].Name != "leaderboard.png" || e.Embeds == nil || len(*e.Embeds) != 1 ||
		(*e.Embeds)[0].Image == nil || (*e.Embeds)[0].Image.URL != "attachment://leaderboard.png" {
		t.Fatalf("picture edit = %+v", e)
	}
	img, err := png.Decode(e.Files[0].Reader)
	if err != nil || img.Bounds().Dx() != picture.BarsWidth || img.Bounds().Dy() != picture.BarsHeight(3) {
		t.Fatalf("leaderboard picture: %v, %v", img.Bounds(), err)
	}
	if !strings.Contains(editText(e), "<@"+alice+">") {
		t.Errorf("edit lost the board text: %q", editText(e))
	}
	// Bob hides: left out, and ranks close up.
	wantOK(t, tb.handle(tb.cmd(bob, "me", str("leaderboard", "hide"))))
	got = text(tb.handle(tb.cmd(carol, "leaderboard", str("period", "week"))))
	if strings.Contains(got, "<@"+bob+">") || !strings.Contains(got, "You are #2") || !strings.Contains(got, "2 ranked") {
		t.Errorf("board with bob hidden %q", got)
	}
	got = text(tb.handle(tb.cmd(bob, "leaderboard")))
	if !strings.Contains(got, "You are hidden") {
		t.Errorf("hidden asker's board %q", got)
	}
}

func TestLeaderboardAroundAsker(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	today := tb.today()
	// 14 members with 14..1 sessions' minutes today; the asker is 12th.
	for n := 1; n <= 14; n++ {
		id := fmt.Sprintf("%d", 3000+n)
		if _, err := tb.Store.RecordCheckIn(ctx, clubbot.CheckIn{GuildID: testGuild, UserID: id, Day: today,
			Minutes: 100 - n, InteractionID: "seed" + id}, today); err != nil {
			t.Fatal(err)
		}
	}
	got := text(tb.handle(tb.cmd("3012", "leaderboard", str("period", "month"))))
	if !strings.Contains(got, "**10.** <@3010>") || strings.Contains(got, "**14.**") {
		t.Errorf("top 10 wrong: %q", got)
	}
	for _, want := range []string{"…", "**11.** <@3011>", "**12.** <@3012>", "← you", "**13.** <@3013>", "You are #12"} {
		if !strings.Contains(got, want) {
			t.Errorf("board lacks %q: %q", want, got)
		}
	}
}

func TestLeaderboardChallenge(t *testing.T) {
	tb := newTestBot(t)
	ctx := context.Background()
	today := tb.today()
	c, err := tb.Store.CreateChallenge(ctx, clubbot.Challenge{GuildID: testGuild, Name: "Happy Feet", Start: today - 2, Days: 10, DailyMinutes: 15, CreatedBy: adminID})
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{alice, bob} {
		if _, err := tb.Store.JoinChallenge(ctx, c.ID, u, today-2); err != nil {
			t.Fatal(err)
		}
	}
	tb.checkInDaysAgo(t, alice, 0, 20)
	tb.checkInDaysAgo(t, bob, 0, 20)
	tb.checkInDaysAgo(t, bob, 1, 20)
	tb.checkInDaysAgo(t, carol, 0, 60) // not taking part
	r := tb.handle(tb.cmd(alice, "leaderboard", str("challenge", "happy feet")))
	wantOK(t, r)
	got := text(r)
	if !strings.Contains(got, "Happy Feet") || !strings.Contains(got, "Day 3 of 10") || strings.Contains(got, "<@"+carol+">") {
		t.Errorf("challenge board %q", got)
	}
	if b, a := strings.Index(got, "<@"+bob+">"), strings.Index(got, "<@"+alice+">"); b < 0 || a < 0 || b > a {
		t.Errorf("bob should lead: %q", got)
	}
	wantUserError(t, tb.handle(tb.cmd(alice, "leaderboard", str("challenge", "nope"))), "no challenge")
}

func TestLeaderboardBadInput(t *testing.T) {
	tb := newTestBot(t)
	for _, c := range []struct {
		opts []*opt
		want string
	}{
		{[]*opt{str("period", "year")}, "period"},
		{[]*opt{str("period", "")}, "period"},
		{[]*opt{num("period", 1)}, "period"},
		{[]*opt{str("challenge", "")}, "challenge"},
		{[]*opt{str("challenge", strings.Repeat("c", 51))}, "challenge"},
		{[]*opt{str("period", "week"), str("challenge", "x")}, "not both"},
	} {
		wantUserError(t, tb.handle(tb.cmd(alice, "leaderboard", c.opts...)), c.want)
	}
	got := text(tb.handle(tb.cmd(alice, "leaderboard", str("period", "all"))))
	if !strings.Contains(got, "All time") || !strings.Contains(got, "Nobody on the board") {
		t.Errorf("empty board %q", got)
	}
}
