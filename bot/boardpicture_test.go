package bot

import (
	"bytes"
	"image"
	"image/png"
	"strings"
	"testing"

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
