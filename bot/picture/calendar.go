package picture

import (
	"fmt"
	"image"
	"image/color"
	"sync"
	"time"

	"clubbot"
)

// The calendar's fixed geometry. Columns are weeks, Monday first, the last
// one holding today; rows are Monday (0) to Sunday (6).
const (
	CalendarWidth  = 600
	CalendarHeight = 220
	CalendarWeeks  = 12

	cellSize = 20
	cellGap  = 4
	cellStep = cellSize + cellGap
	gridLeft = 56
	gridTop  = 40
	panelX   = gridLeft + CalendarWeeks*cellStep + 28
)

// DefaultTarget is the daily minutes the calendar shades as "met" when the
// caller has no target (no challenge running).
const DefaultTarget = 10

// Level is how a day's cell is shaded.
type Level int

// The shades, from no check-in to well over the target.
const (
	LevelNone Level = iota // no minutes
	LevelSome              // some, under the target
	LevelMet               // the target or more
	LevelOver              // twice the target or more
)

// Shade is the level for a day's minutes against a daily target (target < 1
// means DefaultTarget).
func Shade(minutes, target int) Level {
	if target < 1 {
		target = DefaultTarget
	}
	switch {
	case minutes <= 0:
		return LevelNone
	case minutes >= 2*target:
		return LevelOver
	case minutes >= target:
		return LevelMet
	}
	return LevelSome
}

func (l Level) color() color.RGBA {
	switch l {
	case LevelSome:
		return colSome
	case LevelMet:
		return colMet
	case LevelOver:
		return colOver
	}
	return colNone
}

// CellRect is the cell of week (0 = oldest, CalendarWeeks-1 = today's week)
// and weekday (0 = Monday .. 6 = Sunday).
func CellRect(week, weekday int) image.Rectangle {
	x := gridLeft + week*cellStep
	y := gridTop + weekday*cellStep
	return image.Rect(x, y, x+cellSize, y+cellSize)
}

// CellDay is the day shown in a cell when today is today.
func CellDay(today clubbot.Day, week, weekday int) clubbot.Day {
	return firstMonday(today) + clubbot.Day(week*7+weekday)
}

// firstMonday is the Monday of the calendar's first column.
func firstMonday(today clubbot.Day) clubbot.Day {
	sinceMonday := weekdayRow(today.Weekday())
	return today - clubbot.Day(sinceMonday) - clubbot.Day(7*(CalendarWeeks-1))
}

var weekdayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// Marks are the days a calendar marks besides their minutes: days a streak
// freeze covered and planned break days (clubbot.StreakState's Frozen and
// BreakDays). A frozen or break day with no minutes gets its own colour; a
// break day with minutes keeps its shade with a break-coloured corner.
type Marks struct {
	Frozen, Break []clubbot.Day
}

// Calendar draws the last 12 weeks of a member's check-ins as a heatmap:
// one cell per day shaded by minutes against target, today outlined, days
// after today left blank, with month and weekday labels, a short summary and
// a legend. days may come in any order; several totals for one day add up,
// and days outside the 12 weeks are ignored.
func Calendar(days []clubbot.DayTotal, today clubbot.Day, target int) ([]byte, error) {
	return CalendarMarked(days, Marks{}, today, target)
}

// CalendarMarked is Calendar with frozen and break days marked (Marks), and
// a legend line for each kind of mark when any is shown.
func CalendarMarked(days []clubbot.DayTotal, marks Marks, today clubbot.Day, target int) ([]byte, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	base, err := calendarBase()
	if err != nil {
		return nil, err
	}
	if target < 1 {
		target = DefaultTarget
	}
	m := tally(days, today)
	m.mark(marks, today)
	c := cloneIndexed(base)
	defer c.release()
	drawCalendar(c, fs, &m, today, target)
	if c.overflow {
		r := newCanvas(CalendarWidth, CalendarHeight)
		drawCalendarBase(r, fs)
		drawCalendar(r, fs, &m, today, target)
		return encode(r.RGBA)
	}
	return c.encode()
}

// calendarBase is what every calendar shares, drawn once: the same for all
// members and days, it was a good part of each picture's drawing. It is
// only ever copied from.
var calendarBase = sync.OnceValues(func() (*indexed, error) {
	fs, err := faces()
	if err != nil {
		return nil, err
	}
	base := &indexed{}
	base.reset(CalendarWidth, CalendarHeight)
	base.fill(base.bounds(), colBackground)
	drawCalendarBase(base, fs)
	return base, nil
})

// minutesByDay is a calendar's minutes per cell, in CellDay order, and what
// the summary says of them.
type minutesByDay struct {
	minutes           [CalendarWeeks * 7]int
	marks             [CalendarWeeks * 7]mark
	activeDays, total int
	frozen, breaks    bool // some cell has that mark
}

// mark is a cell's mark besides its minutes.
type mark byte

const (
	markNone mark = iota
	markFrozen
	markBreak
)

// mark records marks on the cells up to today.
func (m *minutesByDay) mark(marks Marks, today clubbot.Day) {
	first := firstMonday(today)
	for _, k := range []struct {
		days []clubbot.Day
		mark mark
		seen *bool
	}{{marks.Frozen, markFrozen, &m.frozen}, {marks.Break, markBreak, &m.breaks}} {
		for _, d := range k.days {
			if d < first || d > today {
				continue
			}
			m.marks[d-first] = k.mark
			*k.seen = true
		}
	}
}

func tally(days []clubbot.DayTotal, today clubbot.Day) minutesByDay {
	var m minutesByDay
	first := firstMonday(today)
	for _, d := range days {
		i := int(d.Day - first)
		if i < 0 || d.Day > today || d.Minutes <= 0 {
			continue
		}
		if m.minutes[i] == 0 {
			m.activeDays++
		}
		m.minutes[i] += d.Minutes
		m.total += d.Minutes
	}
	return m
}

// legendTexts are the legend's four lines, from LevelNone up.
func legendTexts(target int) [4]string {
	return [4]string{
		"no check-in",
		fmt.Sprintf("under %d min", target),
		fmt.Sprintf("%d+ min", target),
		fmt.Sprintf("%d+ min", 2*target),
	}
}

// legendRow is the top of legend line i.
func legendRow(i int) int { return gridTop + 76 + i*22 }

// drawCalendarBase draws the parts of a calendar that never change, on the
// background: weekday labels, the summary's title, the legend's swatches
// and its first line. None of them touches what drawCalendar draws, so the
// order does not change a pixel.
func drawCalendarBase(s surface, fs *faceSet) {
	for wd, name := range weekdayNames {
		s.text(fs.small, 16, CellRect(0, wd).Min.Y+15, colMuted, name)
	}
	s.text(fs.title, panelX, gridTop+4, colTitle, fmt.Sprintf("Last %d weeks", CalendarWeeks))
	for i, level := range []Level{LevelNone, LevelSome, LevelMet, LevelOver} {
		y := legendRow(i)
		s.fill(image.Rect(panelX, y, panelX+14, y+14), level.color())
	}
	s.text(fs.small, panelX+22, legendRow(0)+11, colMuted, legendTexts(DefaultTarget)[0])
}

// drawCalendar draws one member's calendar over drawCalendarBase: month
// labels, cells, today's outline, the summary and the legend's lines that
// name the target.
func drawCalendar(s surface, fs *faceSet, m *minutesByDay, today clubbot.Day, target int) {
	small, body := fs.small, fs.body
	first := firstMonday(today)
	lastLabel := -10
	for w := range CalendarWeeks {
		// Label a column with the month that begins in it; the first column
		// gets its own month unless a label follows too closely.
		monday := first + clubbot.Day(7*w)
		label := ""
		for wd := range 7 {
			if _, _, dd := (monday + clubbot.Day(wd)).Date(); dd == 1 {
				_, month, _ := (monday + clubbot.Day(wd)).Date()
				label = month.String()[:3]
			}
		}
		if w == 0 && label == "" && !monthStartsWithin(first+7, 14) {
			_, month, _ := monday.Date()
			label = month.String()[:3]
		}
		if label != "" && w-lastLabel >= 2 {
			s.text(small, CellRect(w, 0).Min.X, gridTop-10, colMuted, label)
			lastLabel = w
		}
		for wd := range 7 {
			d := monday + clubbot.Day(wd)
			if d > today {
				continue // the future stays blank
			}
			r := CellRect(w, wd)
			i := int(d - first)
			s.fill(r, Shade(m.minutes[i], target).color())
			switch {
			case m.marks[i] == markFrozen && m.minutes[i] == 0:
				s.fill(r, colFrozen)
			case m.marks[i] == markBreak && m.minutes[i] == 0:
				s.fill(r, colBreak)
			case m.marks[i] == markBreak:
				s.fill(image.Rect(r.Max.X-7, r.Min.Y, r.Max.X, r.Min.Y+7), colBreak)
			}
			if d == today {
				outline(s, r.Inset(-2), 2, colToday)
			}
		}
	}

	// Summary and legend to the right of the grid.
	s.text(body, panelX, gridTop+26, colText, fmt.Sprintf("%s · %d min", plural(m.activeDays, "day"), m.total))
	todayLine := "Today: nothing yet"
	if n := m.minutes[int(today-first)]; n > 0 {
		todayLine = fmt.Sprintf("Today: %d min", n)
	}
	s.text(body, panelX, gridTop+46, colMuted, todayLine)
	legend := legendTexts(target)
	for i := 1; i < len(legend); i++ {
		s.text(small, panelX+22, legendRow(i)+11, colMuted, legend[i])
	}
	// The marks' legend, a second column, only when the calendar shows them.
	row := 0
	for _, k := range []struct {
		shown bool
		col   color.RGBA
		text  string
	}{{m.frozen, colFrozen, "freeze used"}, {m.breaks, colBreak, "break day"}} {
		if !k.shown {
			continue
		}
		y := legendRow(row)
		s.fill(image.Rect(marksLegendX, y, marksLegendX+14, y+14), k.col)
		s.text(small, marksLegendX+22, y+11, colMuted, k.text)
		row++
	}
}

// marksLegendX is the left of the marks' legend column.
const marksLegendX = panelX + 118

// monthStartsWithin reports whether a 1st of the month falls in the n days
// from d.
func monthStartsWithin(d clubbot.Day, n int) bool {
	for i := range n {
		if _, _, dd := (d + clubbot.Day(i)).Date(); dd == 1 {
			return true
		}
	}
	return false
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// weekdayRow is the calendar row of a weekday (Monday 0 .. Sunday 6).
func weekdayRow(wd time.Weekday) int { return (int(wd) + 6) % 7 }
