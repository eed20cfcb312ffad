package bot

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"
	"time"

	"clubbot"
	"clubbot/bot/fakediscord"
	"clubbot/bot/picture"
)

// A challenge's chart is titled with the challenge's name: the picture's
// title strip is the one picture.Bars draws for that title.
func TestE2EChallengeChartNamesItsChallenge(t *testing.T) {
	t.Parallel()
	w := newGatewayWorld(t)
	w.command(w.members["boss"], "challenge", fakediscord.Sub("create", fakediscord.Str("name", "Happy Feet"),
		fakediscord.Int("days", 7), fakediscord.Int("daily-minutes", 10)))
	w.command(w.members["ann"], "challenge", fakediscord.Sub("join", fakediscord.Str("name", "Happy Feet")))
	ex, err := w.srv.Deliver(w.ctx, w.srv.Command(w.guild, w.members["ann"], "leaderboard", fakediscord.Str("challenge", "Happy Feet")))
	if err != nil {
		t.Fatal(err)
	}
	// The picture follows in an edit.
	var m *fakediscord.Message
	if err := w.srv.WaitFor(w.ctx, func() bool { m = ex.Original(); return m != nil && len(m.Files) == 1 }); err != nil {
		t.Fatalf("challenge board %q has no picture: %v", msgText(m), err)
	}
	got := decodePNG(t, m.Files[0].Data)
	titled, err := picture.Bars("Happy Feet: qualifying days", nil)
	if err != nil {
		t.Fatal(err)
	}
	generic, err := picture.Bars("Qualifying days", nil)
	if err != nil {
		t.Fatal(err)
	}
	if !sameStrip(got, decodePNG(t, titled), 44) || sameStrip(got, decodePNG(t, generic), 44) {
		t.Errorf("the chart's title is not %q", "Happy Feet: qualifying days")
	}
	if !strings.Contains(msgText(m), "Happy Feet") {
		t.Errorf("board text %q", msgText(m))
	}
}

func decodePNG(t *testing.T, b []byte) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// sameStrip reports whether a and b have the same pixels in their top rows.
func sameStrip(a, b image.Image, rows int) bool {
	if a.Bounds().Dx() != b.Bounds().Dx() {
		return false
	}
	for y := range rows {
		for x := range a.Bounds().Dx() {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// TestWeeklyBoardNamesArePaced: the weekly leaderboard post's name lookups
// (one GET guilds/ID/members/ID per place, up to 10) go through the
// scheduler's paced session like the post itself, so the fake Discord never
// sees more requests in a second than the send rate. Through the
// interaction session they went out at once, 10 in well under a second.
func TestWeeklyBoardNamesArePaced(t *testing.T) {
	names := []string{"ann", "ben", "cat", "dan", "eve", "fay", "gus", "hal", "ivy", "jon"}
	sunday := time.Date(2025, 6, 8, 18, 0, 30, 0, time.UTC) // default board time: Sunday 18:00
	w := newWorld(t, "UTC", sunday, names...)
	day := clubbot.DayOf(sunday, time.UTC)
	for n, name := range names {
		for d := day - clubbot.Day(n%3); d <= day; d++ { // different days, so different places
			c := clubbot.CheckIn{GuildID: w.guild, UserID: w.id(name), Day: d, Minutes: 10, InteractionID: w.nextID(), EnteredBy: w.id(name)}
			if _, err := w.Store.RecordCheckIn(w.ctx, c, day); err != nil {
				t.Fatal(err)
			}
		}
	}
	const perSecond = 5
	sender, err := NewSender(w.REST, perSecond)
	if err != nil {
		t.Fatal(err)
	}
	s := w.newScheduler(w.Bot)
	s.Sender = sender
	w.tick(s)

	boards := w.posts(postLeaderboard)
	if len(boards) != 1 || len(boards[0].Files) != 1 {
		t.Fatalf("%d leaderboard posts (want one, with its picture)", len(boards))
	}
	if n := w.srv.Requests("GET guilds/"); n != len(names) {
		t.Errorf("%d member lookups, want %d (one per place)", n, len(names))
	}
	if peak := w.srv.PeakRate("", time.Second); peak > perSecond {
		t.Errorf("%d requests within one second, want at most the send rate %d", peak, perSecond)
	}
}
