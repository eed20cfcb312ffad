package clubbot

import (
	"fmt"
	"slices"
	"time"
)

// Period is a leaderboard's span.
type Period string

// The leaderboard periods of SPEC 3.
const (
	Week  Period = "week"
	Month Period = "month"
	All   Period = "all"
)

// ParsePeriod reads a period option; "" is the week.
func ParsePeriod(s string) (Period, error) {
	switch Period(s) {
	case "", Week:
		return Week, nil
	case Month, All:
		return Period(s), nil
	}
	return "", fmt.Errorf("period %q (want week, month or all): %w", s, ErrInvalid)
}

// Range returns the first and last day of the period containing today: the
// week runs Monday to Sunday, the month is the calendar month, and all starts
// at day 0.
func (p Period) Range(today Day) (from, to Day) {
	switch p {
	case Month:
		y, m, _ := today.Date()
		from = DayFromDate(y, m, 1)
		to = DayFromDate(y, m+1, 1) - 1
	case All:
		from, to = 0, today
	default:
		offset := (int(today.Weekday()) + 6) % 7 // days since Monday
		from = today - Day(offset)
		to = from + 6
	}
	return from, to
}

// Standing is one member's figures for a ranking.
type Standing struct {
	UserID         string
	QualifyingDays int // days with check-ins in the period, or qualifying challenge days
	CurrentStreak  int
	TotalMinutes   int
	Joined         time.Time // when they joined the club or challenge; earlier wins ties
	Hidden         bool      // chose to be left off leaderboards
}

// Ranked is a Standing with its 1-based place.
type Ranked struct {
	Rank int
	Standing
}

// Less orders standings by SPEC 4: qualifying days, then current streak, then
// total minutes (all descending), then who joined first, then user id so the
// order is total.
func Less(a, b Standing) bool {
	if a.QualifyingDays != b.QualifyingDays {
		return a.QualifyingDays > b.QualifyingDays
	}
	if a.CurrentStreak != b.CurrentStreak {
		return a.CurrentStreak > b.CurrentStreak
	}
	if a.TotalMinutes != b.TotalMinutes {
		return a.TotalMinutes > b.TotalMinutes
	}
	if !a.Joined.Equal(b.Joined) {
		return a.Joined.Before(b.Joined)
	}
	return a.UserID < b.UserID
}

// Board is a rendered leaderboard: the top places and the asking member's
// place with a neighbour either side when they are not in the top.
type Board struct {
	Top    []Ranked
	Around []Ranked // empty when the asker is in Top, hidden or absent
	Asker  Ranked   // Rank 0 when the asker is not on the board
	Total  int      // members ranked (hidden members excluded)
}

// TopN is how many places a board shows.
const TopN = 10

// Rank drops hidden members, orders the rest by Less and builds the board
// for asker. standings is left as it was.
func Rank(standings []Standing, asker string) Board {
	visible := make([]Standing, 0, len(standings))
	for _, s := range standings {
		if !s.Hidden {
			visible = append(visible, s)
		}
	}
	slices.SortFunc(visible, func(a, b Standing) int {
		switch {
		case Less(a, b):
			return -1
		case Less(b, a):
			return 1
		}
		return 0
	})
	var b Board
	b.Total = len(visible)
	at := -1
	for i, s := range visible {
		if i < TopN {
			b.Top = append(b.Top, Ranked{Rank: i + 1, Standing: s})
		}
		if s.UserID == asker {
			at = i
			b.Asker = Ranked{Rank: i + 1, Standing: s}
		}
	}
	if at >= TopN {
		for i := at - 1; i <= at+1 && i < len(visible); i++ {
			b.Around = append(b.Around, Ranked{Rank: i + 1, Standing: visible[i]})
		}
	}
	return b
}
