package picture

import (
	"fmt"
	"image"
	"math"

	"clubbot"
)

// The month grid's fixed geometry: a wall calendar, Monday first, one row
// per week the month touches (at most six), a summary and legend beside it.
const (
	MonthWidth  = 560
	MonthHeight = 330

	monthCell   = 36
	monthStep   = monthCell + 4
	monthLeft   = 20
	monthTop    = 72
	monthPanelX = monthLeft + 7*monthStep + 24
)

// ShareLevel is how the month grid shades a day by the share of the club's
// active members who checked in on it: the calendar's shades, so the two
// pictures read alike (nobody, under a third, a third or more, two thirds
// or more).
func ShareLevel(share float64) Level {
	switch {
	case share <= 0:
		return LevelNone
	case share >= 2.0/3:
		return LevelOver
	case share >= 1.0/3:
		return LevelMet
	}
	return LevelSome
}

// MonthCell is the cell of day i of a month (0 = the 1st) whose 1st falls
// on first's weekday.
func MonthCell(first clubbot.Day, i int) image.Rectangle {
	pos := weekdayRow(first.Weekday()) + i
	x := monthLeft + (pos%7)*monthStep
	y := monthTop + (pos/7)*monthStep
	return image.Rect(x, y, x+monthCell, y+monthCell)
}

// Month draws a club's month as a wall calendar: a cell per day from first
// (the month's 1st) coloured by share[i], the share of the active members
// who checked in on day first+i (clubbot.MonthRecap.DayShare), with the
// day's number, the month's name, a summary line and a legend. It names
// nobody: the recap post is public and hidden members count in the shares.
func Month(first clubbot.Day, share []float64, activeMembers int) ([]byte, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	share = share[:min(len(share), 31)]
	c := newIndexed(MonthWidth, MonthHeight, colBackground)
	defer c.release()
	drawMonth(c, fs, first, share, activeMembers)
	if c.overflow {
		r := newCanvas(MonthWidth, MonthHeight)
		drawMonth(r, fs, first, share, activeMembers)
		return encode(r.RGBA)
	}
	return c.encode()
}

// drawMonth draws a month grid on s, filled with the background.
func drawMonth(s surface, fs *faceSet, first clubbot.Day, share []float64, activeMembers int) {
	y, m, _ := first.Date()
	s.text(fs.heading, monthLeft, 32, colTitle, fmt.Sprintf("%s %d", m, y))
	for wd, name := range weekdayNames {
		x := monthLeft + wd*monthStep + (monthCell-width(fs.small, name))/2
		s.text(fs.small, x, monthTop-10, colMuted, name)
	}
	best := 0.0
	for i, sh := range share {
		r := MonthCell(first, i)
		level := ShareLevel(sh)
		s.fill(r, level.color())
		numCol := colText
		if level == LevelOver {
			numCol = colBackground // dark on the lightest green
		}
		s.text(fs.small, r.Min.X+4, r.Min.Y+14, numCol, fmt.Sprint(i+1))
		best = max(best, sh)
	}

	s.text(fs.title, monthPanelX, monthTop+4, colTitle, "The club's month")
	s.text(fs.body, monthPanelX, monthTop+26, colText, fmt.Sprintf("%s active", plural(activeMembers, "member")))
	s.text(fs.body, monthPanelX, monthTop+46, colMuted, fmt.Sprintf("Busiest day: %d%%", int(math.Round(100*best))))
	for i, l := range []struct {
		level Level
		text  string
	}{
		{LevelNone, "nobody"},
		{LevelSome, "under 33%"},
		{LevelMet, "33%+ checked in"},
		{LevelOver, "67%+ checked in"},
	} {
		y := monthTop + 76 + i*22
		s.fill(image.Rect(monthPanelX, y, monthPanelX+14, y+14), l.level.color())
		s.text(fs.small, monthPanelX+22, y+11, colMuted, l.text)
	}
}
