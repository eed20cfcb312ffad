package picture

import (
	"bytes"
	"image"
	"image/color"
	"testing"

	"clubbot"
)

func TestShareLevel(t *testing.T) {
	for _, tt := range []struct {
		share float64
		want  Level
	}{
		{0, LevelNone},
		{0.01, LevelSome},
		{0.33, LevelSome},
		{1.0 / 3, LevelMet},
		{0.5, LevelMet},
		{0.66, LevelMet},
		{2.0 / 3, LevelOver},
		{1, LevelOver},
	} {
		if got := ShareLevel(tt.share); got != tt.want {
			t.Errorf("ShareLevel(%v) = %d, want %d", tt.share, got, tt.want)
		}
	}
}

func TestMonth(t *testing.T) {
	first, _ := clubbot.ParseDay("2026-11-01") // a Sunday: the 1st sits in the last column
	share := make([]float64, 30)
	share[0] = 1    // all
	share[1] = 0.25 // some
	share[14] = 0.5 // a third or more
	share[29] = 0.7 // two thirds or more
	b, err := Month(first, share, 4)
	if err != nil {
		t.Fatal(err)
	}
	save(t, "month.png", b)
	img := decode(t, b)
	exactPalette(t, img)
	if got := img.Bounds().Size(); got != image.Pt(MonthWidth, MonthHeight) {
		t.Fatalf("size %v, want %dx%d", got, MonthWidth, MonthHeight)
	}
	// at reads a cell's lower right, clear of its day number.
	at := func(i int) color.RGBA {
		r := MonthCell(first, i)
		return rgba(img.At(r.Max.X-4, r.Max.Y-4))
	}
	for _, c := range []struct {
		name string
		day  int // 0 = the 1st
		want color.RGBA
	}{
		{"the 1st, everyone", 0, colOver},
		{"the 2nd, a quarter", 1, colSome},
		{"the 3rd, nobody", 2, colNone},
		{"the 15th, half", 14, colMet},
		{"the 30th, 70%", 29, colOver},
	} {
		if got := at(c.day); got != c.want {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	// The 1st is a Sunday: last column of the first row; the 2nd opens the
	// second row, and the columns before the 1st stay blank.
	if r := MonthCell(first, 0); r.Min.X != monthLeft+6*monthStep || r.Min.Y != monthTop {
		t.Errorf("the 1st at %v, want the first row's Sunday", r)
	}
	if r := MonthCell(first, 1); r.Min.X != monthLeft || r.Min.Y != monthTop+monthStep {
		t.Errorf("the 2nd at %v, want the second row's Monday", r)
	}
	blank := MonthCell(first, 0).Sub(image.Pt(monthStep, 0))
	if got := rgba(img.At(blank.Max.X-4, blank.Max.Y-4)); got != colBackground {
		t.Errorf("Saturday before the 1st: %v, want the background", got)
	}
	// The 30th, a Monday, is on the sixth row; nothing after it.
	if r := MonthCell(first, 29); r.Min.Y != monthTop+5*monthStep || r.Max.Y > MonthHeight {
		t.Errorf("the 30th at %v", r)
	}
	after := MonthCell(first, 30)
	if got := rgba(img.At(after.Max.X-4, after.Max.Y-4)); got != colBackground {
		t.Errorf("after the month's end: %v, want the background", got)
	}
	// Day numbers, the title and the legend are drawn.
	if !hasInk(img, image.Rect(MonthCell(first, 14).Min.X, MonthCell(first, 14).Min.Y, MonthCell(first, 14).Min.X+20, MonthCell(first, 14).Min.Y+16)) {
		t.Error("no day number on the 15th")
	}
	if !hasInk(img, image.Rect(0, 0, MonthWidth, monthTop-24)) {
		t.Error("no title")
	}
	if !hasInk(img, image.Rect(monthPanelX, monthTop, MonthWidth, MonthHeight)) {
		t.Error("no summary or legend")
	}
}

// TestMonthClipsShares: shares past a month's 31 days are left off, and no
// shares at all is an empty grid.
func TestMonthClipsShares(t *testing.T) {
	first, _ := clubbot.ParseDay("2026-01-01")
	full := func(n int) []float64 {
		s := make([]float64, n)
		for i := range s {
			s[i] = 1
		}
		return s
	}
	long, err := Month(first, full(40), 1)
	if err != nil {
		t.Fatal(err)
	}
	month, err := Month(first, full(31), 1)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(long, month) {
		t.Error("shares after the 31st changed the picture")
	}
	b, err := Month(first, nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	r := MonthCell(first, 0)
	if got := rgba(decode(t, b).At(r.Max.X-4, r.Max.Y-4)); got != colBackground {
		t.Errorf("no shares: the 1st is %v, want the background", got)
	}
}
