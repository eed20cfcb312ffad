package picture

// The pictures are drawn on indexed, encoded by image/png and the calendar
// starts from a cached base; these tests hold all that to the pixels the
// first version drew through image/draw on RGBA. referenceCalendar,
// referenceBars and referenceFit are that version's code, kept as it was
// (only its return is the RGBA picture instead of its PNG).

import (
	"fmt"
	"image"
	"image/color"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/image/font"

	"clubbot"
)

func referenceCalendar(days []clubbot.DayTotal, today clubbot.Day, target int) (*image.RGBA, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	small, body, title := fs.small, fs.body, fs.title
	if target < 1 {
		target = DefaultTarget
	}

	first := firstMonday(today)
	var minutes [CalendarWeeks * 7]int
	activeDays, total := 0, 0
	for _, d := range days {
		i := int(d.Day - first)
		if i < 0 || d.Day > today || d.Minutes <= 0 {
			continue
		}
		if minutes[i] == 0 {
			activeDays++
		}
		minutes[i] += d.Minutes
		total += d.Minutes
	}

	c := newCanvas(CalendarWidth, CalendarHeight)
	for wd, name := range weekdayNames {
		c.text(small, 16, CellRect(0, wd).Min.Y+15, colMuted, name)
	}
	lastLabel := -10
	for w := range CalendarWeeks {
		// Label a column with the month that begins in it; the first column
		// gets its own month unless a label follows too closely.
		monday := first + clubbot.Day(7*w)
		label := ""
		for wd := range 7 {
			if _, _, dd := (monday + clubbot.Day(wd)).Date(); dd == 1 {
				_, m, _ := (monday + clubbot.Day(wd)).Date()
				label = m.String()[:3]
			}
		}
		if w == 0 && label == "" && !monthStartsWithin(first+7, 14) {
			_, m, _ := monday.Date()
			label = m.String()[:3]
		}
		if label != "" && w-lastLabel >= 2 {
			c.text(small, CellRect(w, 0).Min.X, gridTop-10, colMuted, label)
			lastLabel = w
		}
		for wd := range 7 {
			d := monday + clubbot.Day(wd)
			if d > today {
				continue // the future stays blank
			}
			r := CellRect(w, wd)
			c.fill(r, Shade(minutes[int(d-first)], target).color())
			if d == today {
				outline(c, r.Inset(-2), 2, colToday)
			}
		}
	}

	// Summary and legend to the right of the grid.
	c.text(title, panelX, gridTop+4, colTitle, fmt.Sprintf("Last %d weeks", CalendarWeeks))
	c.text(body, panelX, gridTop+26, colText, fmt.Sprintf("%s · %d min", plural(activeDays, "day"), total))
	todayLine := "Today: nothing yet"
	if m := minutes[int(today-first)]; m > 0 {
		todayLine = fmt.Sprintf("Today: %d min", m)
	}
	c.text(body, panelX, gridTop+46, colMuted, todayLine)
	legend := []struct {
		level Level
		text  string
	}{
		{LevelNone, "no check-in"},
		{LevelSome, fmt.Sprintf("under %d min", target)},
		{LevelMet, fmt.Sprintf("%d+ min", target)},
		{LevelOver, fmt.Sprintf("%d+ min", 2*target)},
	}
	for i, l := range legend {
		y := gridTop + 76 + i*22
		c.fill(image.Rect(panelX, y, panelX+14, y+14), l.level.color())
		c.text(small, panelX+22, y+11, colMuted, l.text)
	}
	return c.RGBA, nil
}

func referenceBars(title string, bars []Bar) (*image.RGBA, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	label, bold, heading := fs.label, fs.labelBold, fs.heading
	if len(bars) > MaxBars {
		bars = bars[:MaxBars]
	}

	c := newCanvas(BarsWidth, BarsHeight(len(bars)))
	c.text(heading, labelLeft, 30, colTitle, referenceFit(heading, drawable(heading, title), BarsWidth-2*labelLeft))
	if len(bars) == 0 {
		c.text(label, labelLeft, barsTop+15, colMuted, "Nothing to show yet.")
		return c.RGBA, nil
	}
	largest := 0
	for _, b := range bars {
		largest = max(largest, b.Value)
	}
	for i, b := range bars {
		f, textCol, barCol := label, colText, colBar
		if b.Highlight {
			f, textCol, barCol = bold, colTitle, colHighlight
		}
		track := barRect(i, barMaxLen)
		c.fill(track, colPanel)
		bar := barRect(i, barLength(b.Value, largest))
		c.fill(bar, barCol)
		baseline := track.Min.Y + 15
		// The label is barLabel's (what the font can draw of the name,
		// after its rank); the rest is the first version's drawing.
		c.text(f, labelLeft, baseline, textCol, referenceFit(f, barLabel(f, b), labelWidth))
		c.text(f, bar.Max.X+8, baseline, textCol, referenceFit(f, strconv.Itoa(b.Value), valueWidth-8))
	}
	return c.RGBA, nil
}

func referenceFit(f font.Face, s string, max int) string {
	if width(f, s) <= max {
		return s
	}
	runes := []rune(s)
	for n := len(runes) - 1; n > 0; n-- {
		t := strings.TrimRight(string(runes[:n]), " ") + "…"
		if width(f, t) <= max {
			return t
		}
	}
	return ""
}

// samePixels fails unless the PNG in got shows exactly want's pixels.
func samePixels(t *testing.T, name string, got []byte, want *image.RGBA) {
	t.Helper()
	img := decode(t, got)
	if img.Bounds() != want.Bounds() {
		t.Fatalf("%s: bounds %v, want %v", name, img.Bounds(), want.Bounds())
	}
	p, ok := img.(*image.Paletted)
	if !ok {
		t.Fatalf("%s: %T, want a paletted PNG", name, img)
	}
	pal := make([]color.RGBA, len(p.Palette))
	for i, c := range p.Palette {
		pal[i] = rgba(c)
	}
	b := want.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if g, w := pal[p.ColorIndexAt(x, y)], want.RGBAAt(x, y); g != w {
				t.Fatalf("%s: pixel (%d,%d) is %v, the first version drew %v", name, x, y, g, w)
			}
		}
	}
}

func TestCalendarDrawsAsBefore(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	start, _ := clubbot.ParseDay("2023-12-20")
	// Every third day for more than a year (every weekday, month starts at
	// each place in the grid, a leap day), with empty, sparse and full
	// histories and odd targets.
	for i := range 145 {
		today := start + clubbot.Day(3*i)
		var days []clubbot.DayTotal
		switch i % 4 {
		case 1: // sparse, some days twice, some outside the window
			for range rng.IntN(40) {
				days = append(days, clubbot.DayTotal{Day: today - clubbot.Day(rng.IntN(100)) + 3, Minutes: rng.IntN(60)})
			}
		case 2: // every day, heavy
			for d := range 90 {
				days = append(days, clubbot.DayTotal{Day: today - clubbot.Day(d), Minutes: 1 + rng.IntN(240)})
			}
		case 3:
			days = benchDays(today)
		}
		target := []int{0, 1, 10, 15, 240, 1000, -3}[i%7]
		want, err := referenceCalendar(days, today, target)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Calendar(days, today, target)
		if err != nil {
			t.Fatal(err)
		}
		samePixels(t, fmt.Sprintf("calendar %s target %d", today, target), got, want)
	}
}

func TestBarsDrawAsBefore(t *testing.T) {
	names := []string{
		"Anna", "Björn 🦶🦶", "🦶", "", "  spaced   out  ", "a\tb\nc",
		"A very long display name that cannot possibly fit the label column",
		"WWWWWWWWWWWWWWWWWWWWWW", "iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii",
		"Zoë Ångström-Øster", "名前", "Member with a name xxxxxxx", "x y z        ",
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range 60 {
		n := i % (MaxBars + 4)
		bars := make([]Bar, n)
		for j := range bars {
			v := rng.IntN(500)
			if i%5 == 0 {
				v = 0 // all zero
			}
			bars[j] = Bar{Label: strconv.Itoa(j+1) + ". " + names[rng.IntN(len(names))], Value: v, Highlight: rng.IntN(4) == 0}
		}
		title := []string{"Leaderboard · this week", "", "🦶", strings.Repeat("Challenge with a long name ", 4)}[i%4]
		want, err := referenceBars(title, bars)
		if err != nil {
			t.Fatal(err)
		}
		got, err := Bars(title, bars)
		if err != nil {
			t.Fatal(err)
		}
		samePixels(t, fmt.Sprintf("bars %d %q %v", i, title, bars), got, want)
		if len(got) > 30<<10 {
			t.Errorf("bars %d: PNG is %d bytes", i, len(got))
		}
	}
}

func TestFitAsBefore(t *testing.T) {
	fs, err := faces()
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []font.Face{fs.label, fs.labelBold, fs.heading} {
		for _, s := range []string{"", "a", "Anna", "two words", "lots of  spaces   in it", "WWWWWWWWWWWW", "Björn Ångström", "\xff\xfeinvalid", "AV AVA To Ty", strings.Repeat("ab ", 30)} {
			for max := -1; max < 200; max += 3 {
				if got, want := fit(f, s, max), referenceFit(f, s, max); got != want {
					t.Fatalf("fit(%q, %d) = %q, was %q", s, max, got, want)
				}
			}
		}
	}
}

// The fallback for a picture over 256 colours: canvas, quantized, through
// the same PNG writer.
func TestEncodeManyColours(t *testing.T) {
	c := newCanvas(300, 20)
	for x := range 300 {
		c.fill(image.Rect(x, 0, x+1, 10), color.RGBA{uint8(x), uint8(x >> 8), 0x40, 0xff})
	}
	b, err := encode(c.RGBA)
	if err != nil {
		t.Fatal(err)
	}
	img := decode(t, b)
	want := toPaletted(c.RGBA)
	if len(want.Palette) != 256 {
		t.Fatalf("palette %d, want 256 (quantized)", len(want.Palette))
	}
	for y := range 20 {
		for x := range 300 {
			if g, w := rgba(img.At(x, y)), rgba(want.At(x, y)); g != w {
				t.Fatalf("(%d,%d): %v, want %v", x, y, g, w)
			}
		}
	}
}

func TestIndexedOverflows(t *testing.T) {
	c := newIndexed(300, 4, colBackground)
	defer c.release()
	for x := range 255 {
		c.fill(image.Rect(x, 0, x+1, 4), color.RGBA{uint8(x), 1, 2, 0xff})
	}
	if c.overflow || len(c.pal) != 256 {
		t.Fatalf("256 colours: overflow %v, palette %d", c.overflow, len(c.pal))
	}
	c.fill(image.Rect(299, 0, 300, 4), color.RGBA{1, 2, 3, 0xff})
	if !c.overflow {
		t.Error("257th colour: no overflow")
	}
}

// A calendar stays a small attachment.
func TestCalendarSize(t *testing.T) {
	today, _ := clubbot.ParseDay("2026-03-11")
	var days []clubbot.DayTotal
	for d := range 90 {
		days = append(days, clubbot.DayTotal{Day: today - clubbot.Day(d), Minutes: 1 + d*37%240})
	}
	b, err := Calendar(days, today, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(b) > 30<<10 {
		t.Errorf("calendar PNG is %d bytes, want under 30 KiB", len(b))
	}
}
