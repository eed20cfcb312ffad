package picture

import (
	"fmt"
	"image"
	"strconv"
)

// Bar is one row of a bar chart: a member's name and figure. Rank, when
// above 0, is drawn before the name (so a row whose name the font cannot
// draw still matches the embed's list). Highlight marks the asking
// member's own row.
type Bar struct {
	Label     string
	Value     int
	Rank      int
	Highlight bool
}

// The bar chart's fixed geometry. Its height grows with the rows: see
// BarsHeight.
const (
	BarsWidth = 600
	MaxBars   = 15 // rows drawn; a leaderboard's top 10 and the asker's neighbours fit

	barsTop      = 48
	barRowStep   = 28
	barThickness = 20
	barsBottom   = 12
	labelLeft    = 16
	labelWidth   = 156
	barLeft      = labelLeft + labelWidth + 12
	valueWidth   = 56 // room kept right of the longest bar for its number
	barMaxLen    = BarsWidth - 16 - valueWidth - barLeft
)

// BarsHeight is the height of a chart with n bars (n is capped at MaxBars;
// an empty chart keeps one row for its "nothing yet" line).
func BarsHeight(n int) int {
	n = min(max(n, 1), MaxBars)
	return barsTop + n*barRowStep + barsBottom
}

// barRect is the bar of row i drawn length pixels long.
func barRect(i, length int) image.Rectangle {
	y := barsTop + i*barRowStep
	return image.Rect(barLeft, y, barLeft+length, y+barThickness)
}

// barLength scales value against the largest value to the bar area; a value
// above zero always shows at least a sliver.
func barLength(value, largest int) int {
	if value <= 0 || largest <= 0 {
		return 0
	}
	return max(2, value*barMaxLen/largest)
}

// Bars draws a horizontal bar chart, one row per bar in the order given (at
// most MaxBars; the rest are left off), bars proportional to their values
// with the value written at each bar's end. Labels keep what the font can
// draw (see drawable and barLabel) and are shortened with "…" to fit; the highlighted row
// is drawn in blurple with a bold label.
func Bars(title string, bars []Bar) ([]byte, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	if len(bars) > MaxBars {
		bars = bars[:MaxBars]
	}
	w, h := BarsWidth, BarsHeight(len(bars))
	c := newIndexed(w, h, colBackground)
	defer c.release()
	drawBars(c, fs, title, bars)
	if c.overflow {
		r := newCanvas(w, h)
		drawBars(r, fs, title, bars)
		return encode(r.RGBA)
	}
	return c.encode()
}

// drawBars draws a chart on s, filled with the background.
func drawBars(s surface, fs *faceSet, title string, bars []Bar) {
	label, bold, heading := fs.label, fs.labelBold, fs.heading
	s.text(heading, labelLeft, 30, colTitle, fit(heading, drawable(heading, title), BarsWidth-2*labelLeft))
	if len(bars) == 0 {
		s.text(label, labelLeft, barsTop+15, colMuted, "Nothing to show yet.")
		return
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
		s.fill(track, colPanel)
		bar := barRect(i, barLength(b.Value, largest))
		s.fill(bar, barCol)
		baseline := track.Min.Y + 15
		s.text(f, labelLeft, baseline, textCol, fit(f, barLabel(f, b), labelWidth))
		s.text(f, bar.Max.X+8, baseline, textCol, fit(f, strconv.Itoa(b.Value), valueWidth-8))
	}
}

// String makes a Bar print readably in test failures and logs.
func (b Bar) String() string {
	mark := ""
	if b.Highlight {
		mark = "*"
	}
	return fmt.Sprintf("%s%s=%d", mark, b.Label, b.Value)
}
