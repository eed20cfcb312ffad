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
// for asker. standings is left as it was. User ids are unique on a board.
func Rank(standings []Standing, asker string) Board {
	var t *Tally
	if i := slices.IndexFunc(standings, func(s Standing) bool { return s.UserID == asker && !s.Hidden }); i >= 0 {
		t = NewTally(&standings[i])
	} else {
		t = NewTally(nil)
	}
	for _, s := range standings {
		if !s.Hidden {
			t.Add(s)
		}
	}
	return t.Board()
}

// A Tally builds a Board from standings given one at a time, in any order,
// keeping only what the board shows: the top places, the asker's place and
// their neighbours. A store streams a server's members through it, so a
// leaderboard of 10,000 members holds a dozen standings, not 10,000.
type Tally struct {
	asker         Standing
	hasAsker      bool
	top           []Standing // ascending by Less, at most TopN
	ahead, total  int
	before, after neighbour // just ahead of and just behind the asker
}

// NewTally starts a board for asker's standing, or for nobody on the board
// (nil: an asker who is hidden or has no figures). The asker's standing is
// counted here; Add skips it when it comes again.
func NewTally(asker *Standing) *Tally {
	t := &Tally{top: make([]Standing, 0, TopN)}
	if asker != nil {
		t.asker, t.hasAsker = *asker, true
		t.add(*asker)
	}
	return t
}

// Add counts one visible member's standing; user ids are unique.
func (t *Tally) Add(s Standing) {
	if t.hasAsker && s.UserID == t.asker.UserID {
		return
	}
	t.add(s)
	switch {
	case !t.hasAsker:
	case Less(s, t.asker):
		t.ahead++
		t.before.last(s)
	default:
		t.after.first(s)
	}
}

func (t *Tally) add(s Standing) {
	t.total++
	if len(t.top) == TopN && !Less(s, t.top[TopN-1]) {
		return
	}
	if len(t.top) == TopN {
		t.top = t.top[:TopN-1]
	}
	at, _ := slices.BinarySearchFunc(t.top, s, compare)
	t.top = slices.Insert(t.top, at, s)
}

// Board is the board of the standings added so far.
func (t *Tally) Board() Board {
	b := Board{Total: t.total}
	for i, s := range t.top {
		b.Top = append(b.Top, Ranked{Rank: i + 1, Standing: s})
	}
	if !t.hasAsker {
		return b
	}
	b.Asker = Ranked{Rank: t.ahead + 1, Standing: t.asker}
	if t.ahead < TopN {
		return b
	}
	b.Around = append(b.Around, Ranked{Rank: t.ahead, Standing: t.before.s}, b.Asker)
	if t.after.ok {
		b.Around = append(b.Around, Ranked{Rank: t.ahead + 2, Standing: t.after.s})
	}
	return b
}

// RankBy is Rank for a caller whose standings cost more to complete than
// their qualifying days: entries hold each member's UserID, QualifyingDays
// and Hidden, and complete(i) returns entries[i]'s whole Standing (the same
// three fields and the rest). Less orders by qualifying days first, so
// only the members who share their qualifying days with a place the board
// shows need the rest: those with at least the qualifying days of the
// TopN-th place, and those with the asker's or the next value above or
// below it (where the asker's neighbours are). complete is called for
// those only, and the board is Rank's without a sort: the top places are
// kept by a bounded insertion and the asker's place is counted. entries is
// left as it was.
func RankBy(entries []Standing, asker string, complete func(i int) Standing) Board {
	var b Board
	askerAt := -1
	// The TopN highest qualifying days seen, ascending: cut[0] is the
	// least a member of the top places has.
	cut := make([]int, 0, TopN)
	for i, e := range entries {
		if e.Hidden {
			continue
		}
		b.Total++
		if e.UserID == asker {
			askerAt = i
		}
		q := e.QualifyingDays
		switch at, _ := slices.BinarySearch(cut, q); {
		case len(cut) < TopN:
			cut = slices.Insert(cut, at, q)
		case q > cut[0]:
			// cut[0] leaves; the values below q move down one.
			copy(cut[:at-1], cut[1:at])
			cut[at-1] = q
		}
	}
	if b.Total == 0 {
		return b
	}
	// The asker's qualifying days, the next values above and below them
	// (their neighbours have one of the three), and how many members have
	// more.
	var own, above, below, ahead int
	hasAbove, hasBelow := false, false
	if askerAt >= 0 {
		own = entries[askerAt].QualifyingDays
		for _, e := range entries {
			switch q := e.QualifyingDays; {
			case e.Hidden:
			case q > own:
				ahead++
				if !hasAbove || q < above {
					above, hasAbove = q, true
				}
			case q < own:
				if !hasBelow || q > below {
					below, hasBelow = q, true
				}
			}
		}
	}
	// The top places are among the members with at least cut[0]
	// qualifying days; the asker's place is counted in their group.
	completed := func(q int) bool { return q >= cut[0] || (askerAt >= 0 && q == own) }
	var me Standing
	if askerAt >= 0 {
		me = complete(askerAt)
	}
	// The asker's neighbours: the member just ahead (before) and just
	// behind (after) in the asker's group, or else the last of the group
	// above (lastAbove) and the first of the group below (firstBelow).
	var before, after, lastAbove, firstBelow neighbour
	top := make([]Standing, 0, TopN)
	for i, e := range entries {
		q := e.QualifyingDays
		if e.Hidden || !completed(q) {
			continue
		}
		s := me
		if i != askerAt {
			s = complete(i)
		}
		if len(top) < TopN || Less(s, top[len(top)-1]) {
			if len(top) == TopN {
				top = top[:TopN-1]
			}
			at, _ := slices.BinarySearchFunc(top, s, compare)
			top = slices.Insert(top, at, s)
		}
		switch {
		case askerAt < 0 || i == askerAt:
		case q == own && Less(s, me):
			ahead++
			before.last(s)
		case q == own:
			after.first(s)
		case hasAbove && q == above:
			lastAbove.last(s)
		case hasBelow && q == below:
			firstBelow.first(s)
		}
	}
	for i, s := range top {
		b.Top = append(b.Top, Ranked{Rank: i + 1, Standing: s})
	}
	if askerAt < 0 {
		return b
	}
	b.Asker = Ranked{Rank: ahead + 1, Standing: me}
	if ahead < TopN {
		return b
	}
	// Only now, and only when the asker leads or trails their group, the
	// next group is completed (unless it was above).
	edge := func(q int, n *neighbour, keep func(*neighbour, Standing)) {
		if completed(q) {
			return
		}
		for i, e := range entries {
			if !e.Hidden && e.QualifyingDays == q {
				keep(n, complete(i))
			}
		}
	}
	if !before.ok {
		// Someone is ahead (ahead >= TopN), so the group above exists.
		edge(above, &lastAbove, (*neighbour).last)
		before = lastAbove
	}
	if !after.ok && hasBelow {
		edge(below, &firstBelow, (*neighbour).first)
		after = firstBelow
	}
	b.Around = append(b.Around, Ranked{Rank: ahead, Standing: before.s}, b.Asker)
	if after.ok {
		b.Around = append(b.Around, Ranked{Rank: ahead + 2, Standing: after.s})
	}
	return b
}

// neighbour is the first or last standing by Less of those it was given.
type neighbour struct {
	s  Standing
	ok bool
}

func (n *neighbour) last(s Standing) {
	if !n.ok || Less(n.s, s) {
		n.s, n.ok = s, true
	}
}

func (n *neighbour) first(s Standing) {
	if !n.ok || Less(s, n.s) {
		n.s, n.ok = s, true
	}
}

// compare is Less as a three-way comparison.
func compare(a, b Standing) int {
	switch {
	case Less(a, b):
		return -1
	case Less(b, a):
		return 1
	}
	return 0
}
