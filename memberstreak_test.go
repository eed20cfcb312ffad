package clubbot

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// history reads a member's days from a pattern ending today: 'x' a
// check-in, '.' nothing, 'b' a break day, 'B' a break day with a check-in.
func history(today Day, pattern string) (days []Day, breaks []Break) {
	first := today - Day(len(pattern)) + 1
	for i, ch := range pattern {
		if ch == 'x' || ch == 'B' {
			days = append(days, first+Day(i))
		}
	}
	return days, patternBreaks(first, pattern)
}

// patternBreaks reads the breaks of a test pattern over from, from+1...:
// each run of 'b' and 'B' is one break.
func patternBreaks(from Day, pattern string) []Break {
	var breaks []Break
	for i, ch := range pattern {
		d := from + Day(i)
		if ch != 'b' && ch != 'B' {
			continue
		}
		if n := len(breaks); n > 0 && breaks[n-1].To == d-1 {
			breaks[n-1].To = d
		} else {
			breaks = append(breaks, Break{From: d, To: d})
		}
	}
	return breaks
}

func TestMemberStreak(t *testing.T) {
	today := DayFromDate(2026, 11, 4)
	tests := []struct {
		name       string
		pattern    string // ends today
		maxFreezes int
		current    int
		longest    int
		freezes    int
		frozen     []int // offsets from today
		breakDays  int
	}{
		{"no check-ins", "....", 2, 0, 0, 0, nil, 0},
		{"today not checked in yet is not a miss", "xxx.", 2, 3, 3, 0, nil, 0},
		{"6 days earn nothing", "xxxxxx", 2, 6, 6, 0, nil, 0},
		{"7 days earn one freeze", "xxxxxxx", 2, 7, 7, 1, nil, 0},
		{"21 days hold at most max-freezes", "xxxxxxxxxxxxxxxxxxxxx", 2, 21, 21, 2, nil, 0},
		{"max-freezes 0 turns freezes off", "xxxxxxxxx..", 0, 0, 9, 0, nil, 0},
		// SPEC's story: a 9-day streak keeps through one missed day with a
		// freeze and loses it on the second.
		{"9-day streak keeps through one missed day", "xxxxxxxxx..", 2, 9, 9, 0, []int{-1}, 0},
		{"9-day streak lost on the second missed day", "xxxxxxxxx...", 2, 0, 9, 0, []int{-2}, 0},
		{"9-day streak goes on after the frozen day", "xxxxxxxxx.x", 2, 10, 10, 0, []int{-1}, 0},
		{"two missed days with two freezes both frozen", "xxxxxxxxxxxxxx..x", 2, 15, 15, 0, []int{-2, -1}, 0},
		{"three missed days with two freezes end it", "xxxxxxxxxxxxxx...x", 2, 1, 14, 0, []int{-3, -2}, 0},
		{"frozen day does not bring the next freeze nearer", "xxxxxxx.xxxxxx", 2, 13, 13, 0, []int{-6}, 0},
		{"14th counted day earns the next freeze", "xxxxxxx.xxxxxxx", 2, 14, 14, 1, []int{-7}, 0},
		{"missed day before 7 days ends the streak", "xxxxx.x", 2, 1, 5, 0, nil, 0},
		{"break in the middle neither extends nor breaks", "xxxbbbxx", 2, 5, 5, 0, nil, 3},
		{"freeze and break on the same day: the break wins", "xxxxxxxbx", 2, 8, 8, 1, nil, 1},
		{"break at the streak's end up to today", "xxxxbbbb", 2, 4, 4, 0, nil, 4},
		{"break at the streak's end, then a missed day ends it", "xxxbb..", 2, 0, 3, 0, nil, 2},
		{"break at the streak's end, then a freeze covers the miss", "xxxxxxxbbb..", 2, 7, 7, 0, []int{-1}, 3},
		{"break before the streak's start changes nothing", "bbbxxx", 2, 3, 3, 0, nil, 0},
		{"check-in on a break day counts", "xxBx", 2, 4, 4, 0, nil, 0},
		{"freezes earned before a week's break carry through it", "xxxxxxxbbbbbbb.x", 2, 8, 8, 0, []int{-1}, 7},
		{"break while no streak runs is neutral", "xx..bbx", 2, 1, 2, 0, nil, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			days, breaks := history(today, tt.pattern)
			got := MemberStreak(days, breaks, tt.maxFreezes, today)
			var frozen []Day
			for _, o := range tt.frozen {
				frozen = append(frozen, today+Day(o))
			}
			if got.Current != tt.current || got.Longest != tt.longest || got.Freezes != tt.freezes ||
				!slices.Equal(got.Frozen, frozen) || len(got.BreakDays) != tt.breakDays {
				t.Errorf("MemberStreak(%q) = current %d longest %d freezes %d frozen %v break days %v; want %d %d %d %v %d",
					tt.pattern, got.Current, got.Longest, got.Freezes, got.Frozen, got.BreakDays,
					tt.current, tt.longest, tt.freezes, frozen, tt.breakDays)
			}
			if got.Current > 0 && got.RunStart == 0 || got.Current == 0 && got.RunStart != 0 {
				t.Errorf("RunStart %s with current %d", got.RunStart, got.Current)
			}
		})
	}
}

// TestMemberStreakLocalDays feeds check-ins as instants in odd zones and
// across DST changes, with each day from LocalDay as the store takes it.
func TestMemberStreakLocalDays(t *testing.T) {
	zone := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		return loc
	}
	ny, lh := zone("America/New_York"), zone("Australia/Lord_Howe")
	ktm, kiri := zone("Asia/Kathmandu"), zone("Pacific/Kiritimati")
	type checkin struct {
		at   time.Time
		zone string
	}
	// nightly: a check-in at hh:mm local on each day from..to of a month.
	nightly := func(loc *time.Location, y int, m time.Month, from, to, hh, mm int, skip ...int) []checkin {
		var out []checkin
		for d := from; d <= to; d++ {
			if !slices.Contains(skip, d) {
				out = append(out, checkin{time.Date(y, m, d, hh, mm, 0, 0, loc), loc.String()})
			}
		}
		return out
	}
	tests := []struct {
		name    string
		checks  []checkin
		breaks  []Break
		now     time.Time
		zone    string // the member's zone at now
		current int
		freezes int
		frozen  []Day
	}{
		{"New York spring forward: the 23-hour day missed is frozen",
			nightly(ny, 2026, 3, 1, 9, 23, 30, 8), nil,
			time.Date(2026, 3, 10, 8, 0, 0, 0, ny), "America/New_York",
			8, 0, []Day{DayFromDate(2026, 3, 8)}},
		{"New York fall back: two sessions in the doubled hour count once",
			append(nightly(ny, 2026, 10, 26, 31, 21, 0), checkin{time.Date(2026, 11, 1, 1, 30, 0, 0, ny), "America/New_York"},
				checkin{time.Date(2026, 11, 1, 1, 30, 0, 0, ny).Add(time.Hour), "America/New_York"}), nil,
			time.Date(2026, 11, 1, 22, 0, 0, 0, ny), "America/New_York",
			7, 1, nil},
		{"Lord Howe half-hour DST start: 23:45 check-ins keep their days",
			nightly(lh, 2026, 9, 28, 30, 23, 45), []Break{{From: DayFromDate(2026, 10, 1), To: DayFromDate(2026, 10, 4)}},
			time.Date(2026, 10, 5, 23, 45, 0, 0, lh), "Australia/Lord_Howe",
			3, 0, nil},
		{"Kathmandu +05:45: 00:10 local is the new day though UTC is still the old one",
			nightly(ktm, 2026, 6, 1, 7, 0, 10), nil,
			time.Date(2026, 6, 8, 12, 0, 0, 0, ktm), "Asia/Kathmandu",
			7, 1, nil},
		{"Kiritimati +14: 23:30 local each day, a week earns a freeze, a miss uses it",
			nightly(kiri, 2026, 12, 1, 9, 23, 30, 8), nil,
			time.Date(2026, 12, 10, 9, 0, 0, 0, kiri), "Pacific/Kiritimati",
			8, 0, []Day{DayFromDate(2026, 12, 8)}},
		// The member flies from New York to Kiritimati during a break: their
		// days jump a day ahead, which the break covers, and the streak goes on.
		{"zone changes east during a break",
			append(nightly(ny, 2026, 3, 1, 7, 20, 0), checkin{time.Date(2026, 3, 12, 20, 0, 0, 0, ny), "Pacific/Kiritimati"}),
			[]Break{{From: DayFromDate(2026, 3, 8), To: DayFromDate(2026, 3, 12)}},
			time.Date(2026, 3, 13, 20, 0, 0, 0, ny), "Pacific/Kiritimati",
			8, 1, nil},
		// And back west: the last check-in (Kiritimati's day) is after the
		// member's today in New York, which keeps the streak alive.
		{"zone changes west during a break",
			append(nightly(kiri, 2026, 3, 1, 7, 9, 0), checkin{time.Date(2026, 3, 12, 9, 0, 0, 0, ny), "America/New_York"}),
			[]Break{{From: DayFromDate(2026, 3, 8), To: DayFromDate(2026, 3, 11)}},
			time.Date(2026, 3, 12, 10, 0, 0, 0, ny), "America/New_York",
			8, 1, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var days []Day
			for _, c := range tt.checks {
				days = append(days, LocalDay(c.at, c.zone, ""))
			}
			today := LocalDay(tt.now, tt.zone, "")
			got := MemberStreak(days, tt.breaks, 2, today)
			if got.Current != tt.current || got.Freezes != tt.freezes || !slices.Equal(got.Frozen, tt.frozen) {
				t.Errorf("days %v today %s: got current %d freezes %d frozen %v; want %d %d %v",
					days, today, got.Current, got.Freezes, got.Frozen, tt.current, tt.freezes, tt.frozen)
			}
		})
	}
}

// naiveStreak is the streak with freezes off and no breaks, counted the
// plain way (the run of consecutive days ending at the last one, alive
// while that is today or yesterday or later), for the property below.
func naiveStreak(days []Day, today Day) Streak {
	set := map[Day]bool{}
	var s Streak
	for _, d := range days {
		set[d] = true
		s.LastDay = max(s.LastDay, d)
	}
	for d := range set {
		if set[d-1] {
			continue
		}
		n := 0
		for set[d+Day(n)] {
			n++
		}
		s.Longest = max(s.Longest, n)
	}
	if len(set) > 0 && s.LastDay >= today-1 {
		for set[s.LastDay-Day(s.Current)] {
			s.Current++
		}
	}
	return s
}

// checkMatchesStreaks is the property: with freezes off and no breaks,
// MemberStreak's streak is the plain count; and with freezes and breaks,
// carrying the state on one check-in at a time (Extend, as the store does)
// ends where MemberStreak over the whole history does.
func checkMatchesStreaks(t *testing.T, days []Day, breaks []Break, maxFreezes int, today Day) {
	t.Helper()
	want := naiveStreak(days, today)
	got := MemberStreak(days, nil, 0, today)
	if got.Streak != want || len(got.Frozen) != 0 || got.Freezes != 0 {
		t.Fatalf("days %v today %s: MemberStreak %+v, plain count %+v", days, today, got, want)
	}
	if got.Current > 0 && got.RunStart != got.LastDay-Day(got.Current)+1 {
		t.Fatalf("days %v today %s: RunStart %s for current %d ending %s", days, today, got.RunStart, got.Current, got.LastDay)
	}
	sorted := slices.Sorted(slices.Values(days))
	var s StreakState
	for _, d := range sorted {
		if d > s.LastDay {
			s = s.Extend([]Day{d}, breaks, maxFreezes, d)
		}
	}
	whole := MemberStreak(days, breaks, maxFreezes, today)
	inc := s.Extend(nil, breaks, maxFreezes, today)
	if inc.Streak != whole.Streak || inc.RunStart != whole.RunStart || inc.Freezes != whole.Freezes {
		t.Fatalf("days %v breaks %v max %d today %s: carried on %+v, whole %+v", days, breaks, maxFreezes, today, inc, whole)
	}
}

func TestMemberStreakMatchesStreaks(t *testing.T) {
	r := rand.New(rand.NewPCG(14, 7))
	base := DayFromDate(2026, 1, 1)
	for range 3000 {
		days := make([]Day, r.IntN(40))
		for i := range days {
			days[i] = base + Day(r.IntN(60))
		}
		var breaks []Break
		if r.IntN(2) == 0 {
			from := base + Day(r.IntN(60))
			breaks = append(breaks, Break{From: from, To: from + Day(r.IntN(10))})
		}
		checkMatchesStreaks(t, days, breaks, r.IntN(3), base+Day(r.IntN(70)))
	}
}

func FuzzMemberStreakMatchesStreaks(f *testing.F) {
	f.Add([]byte{0, 1, 2, 4, 5}, uint8(6), uint8(2), uint8(3), uint8(2))
	f.Add([]byte{3, 1, 2, 2, 9}, uint8(2), uint8(0), uint8(0), uint8(0))
	f.Add([]byte{}, uint8(0), uint8(1), uint8(1), uint8(1))
	f.Fuzz(func(t *testing.T, offsets []byte, today, maxFreezes, breakFrom, breakDays uint8) {
		base := DayFromDate(2026, 1, 1)
		days := make([]Day, len(offsets))
		for i, o := range offsets {
			days[i] = base + Day(o)
		}
		breaks := []Break{{From: base + Day(breakFrom), To: base + Day(breakFrom) + Day(breakDays%21)}}
		checkMatchesStreaks(t, days, breaks, int(maxFreezes%4), base+Day(today))
	})
}

func TestFreezeNotice(t *testing.T) {
	tue := DayFromDate(2026, 11, 3)
	s := StreakState{Freezes: 1, Frozen: []Day{tue - 8, tue - 1, tue}}
	tests := []struct {
		since Day
		want  string
	}{
		{tue + 1, ""},
		{tue, "🧊 a freeze covered Tue 3 Nov, 1 left"},
		{tue - 1, "🧊 freezes covered Mon 2 Nov and Tue 3 Nov, 1 left"},
		{tue - 30, "🧊 freezes covered Mon 26 Oct, Mon 2 Nov and Tue 3 Nov, 1 left"},
	}
	for _, tt := range tests {
		if got := FreezeNotice(s, tt.since); got != tt.want {
			t.Errorf("FreezeNotice(since %s) = %q, want %q", tt.since, got, tt.want)
		}
	}
}
