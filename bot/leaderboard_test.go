package bot

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"io"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"clubbot"
	"clubbot/bot/fakediscord"
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
	for _, want := range []string{"This week", "**1.** <@" + alice + "> · 3 days", "3 ranked"} {
		if !strings.Contains(got, want) {
			t.Errorf("board %q lacks %q", got, want)
		}
	}
	// The public board is the same whoever asks; the asker's place comes
	// in an ephemeral follow-up.
	if other := text(tb.handle(tb.cmd(alice, "leaderboard"))); other != got {
		t.Errorf("alice's board differs from carol's:\n%q\n%q", other, got)
	}
	if strings.Contains(strings.ToLower(got), "you") {
		t.Errorf("public board speaks to the asker: %q", got)
	}
	if f := r.Followup; f == nil || f.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(f.Content, "Your place: #3 of 3") ||
		!strings.Contains(f.Content, "<@"+bob+"> · 2 days") || !strings.Contains(f.Content, "<@"+carol+"> · 1 day · 🔥 1 · 5 min ← you") {
		t.Errorf("carol's follow-up = %+v", f)
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
	wantOK(t, tb.handle(tb.cmd(bob, "me", fakediscord.Str("leaderboard", "hide"))))
	r = tb.handle(tb.cmd(carol, "leaderboard", fakediscord.Str("period", "week")))
	got = text(r)
	if strings.Contains(got, "<@"+bob+">") || !strings.Contains(r.Followup.Content, "#2 of 2") || !strings.Contains(got, "2 ranked") {
		t.Errorf("board with bob hidden %q, %q", got, r.Followup.Content)
	}
	r = tb.handle(tb.cmd(bob, "leaderboard"))
	if text(r) != got || !strings.Contains(r.Followup.Content, "You are hidden") {
		t.Errorf("hidden asker's board %q, follow-up %q", text(r), r.Followup.Content)
	}
	r = tb.handle(tb.cmd("2999", "leaderboard"))
	if text(r) != got || !strings.Contains(r.Followup.Content, "not on this board yet") {
		t.Errorf("absent asker's board %q, follow-up %q", text(r), r.Followup.Content)
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
	r := tb.handle(tb.cmd("3012", "leaderboard", fakediscord.Str("period", "month")))
	got := text(r)
	if !strings.Contains(got, "**10.** <@3010>") || strings.Contains(got, "**11.**") || strings.Contains(got, "<@3012>") {
		t.Errorf("top 10 wrong: %q", got)
	}
	own := r.Followup.Content
	for _, want := range []string{"Your place: #12 of 14", "**11.** <@3011>", "**12.** <@3012> · 1 day · 🔥 1 · 88 min ← you", "**13.** <@3013>"} {
		if !strings.Contains(own, want) {
			t.Errorf("follow-up lacks %q: %q", want, own)
		}
	}
	if strings.Contains(own, "<@3010>") || strings.Contains(own, "<@3014>") {
		t.Errorf("follow-up shows more than a neighbour either side: %q", own)
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
	r := tb.handle(tb.cmd(alice, "leaderboard", fakediscord.Str("challenge", "happy feet")))
	wantOK(t, r)
	got := text(r)
	if !strings.Contains(got, "Happy Feet") || !strings.Contains(got, "Day 3 of 10") || strings.Contains(got, "<@"+carol+">") {
		t.Errorf("challenge board %q", got)
	}
	if b, a := strings.Index(got, "<@"+bob+">"), strings.Index(got, "<@"+alice+">"); b < 0 || a < 0 || b > a {
		t.Errorf("bob should lead: %q", got)
	}
	wantUserError(t, tb.handle(tb.cmd(alice, "leaderboard", fakediscord.Str("challenge", "nope"))), "no challenge")
}

func TestLeaderboardBadInput(t *testing.T) {
	tb := newTestBot(t)
	for _, c := range []struct {
		opts []*fakediscord.Opt
		want string
	}{
		{[]*fakediscord.Opt{fakediscord.Str("period", "year")}, "period"},
		{[]*fakediscord.Opt{fakediscord.Str("period", "")}, "period"},
		{[]*fakediscord.Opt{fakediscord.Int("period", 1)}, "period"},
		{[]*fakediscord.Opt{fakediscord.Str("challenge", "")}, "challenge"},
		{[]*fakediscord.Opt{fakediscord.Str("challenge", strings.Repeat("c", 51))}, "challenge"},
		{[]*fakediscord.Opt{fakediscord.Str("period", "week"), fakediscord.Str("challenge", "x")}, "not both"},
	} {
		wantUserError(t, tb.handle(tb.cmd(alice, "leaderboard", c.opts...)), c.want)
	}
	got := text(tb.handle(tb.cmd(alice, "leaderboard", fakediscord.Str("period", "all"))))
	if !strings.Contains(got, "All time") || !strings.Contains(got, "Nobody on the board") {
		t.Errorf("empty board %q", got)
	}
}

// TestBoardPictureSameForEveryAsker: the public picture highlights nobody,
// so it is the same whoever asked.
func TestBoardPictureSameForEveryAsker(t *testing.T) {
	tb := newTestBot(t)
	top := []clubbot.Ranked{
		{Rank: 1, Standing: clubbot.Standing{UserID: alice, QualifyingDays: 3}},
		{Rank: 2, Standing: clubbot.Standing{UserID: bob, QualifyingDays: 1}},
	}
	read := func(asker clubbot.Ranked) []byte {
		f := tb.boardPicture(context.Background(), tb.REST, testGuild, "Days", clubbot.Board{Top: top, Asker: asker, Total: 2})
		if f == nil {
			t.Fatal("no picture")
		}
		b, err := io.ReadAll(f.Reader)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if !bytes.Equal(read(top[1]), read(clubbot.Ranked{})) {
		t.Error("the picture for bob differs from the one for a member not on the board")
	}
}
