package clubbot

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// day parses "2006-01-02" or fails the test.
func day(t testing.TB, s string) Day {
	t.Helper()
	d, err := ParseDay(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func load(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func utc(t testing.TB, s string) time.Time {
	t.Helper()
	tm, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatal(err)
	}
	return tm.UTC()
}

// The four zones SPEC 9 names: a DST zone, a 30-minute DST zone, a 45-minute
// offset and the furthest-ahead offset.
const (
	newYork    = "America/New_York"
	lordHowe   = "Australia/Lord_Howe"
	kathmandu  = "Asia/Kathmandu"
	kiritimati = "Pacific/Kiritimati"
)

func TestLocalDayNearMidnightAndDST(t *testing.T) {
	tests := []struct {
		name string
		at   string // RFC 3339, UTC
		zone string
		want string
	}{
		// New York, spring forward 2026-03-08 02:00 EST -> 03:00 EDT (07:00Z).
		{"NY last minute before spring-forward day", "2026-03-08T04:59:59Z", newYork, "2026-03-07"},
		{"NY midnight of spring-forward day", "2026-03-08T05:00:00Z", newYork, "2026-03-08"},
		{"NY just before the jump", "2026-03-08T06:59:59Z", newYork, "2026-03-08"},
		{"NY just after the jump", "2026-03-08T07:00:00Z", newYork, "2026-03-08"},
		{"NY last minute of 23-hour day", "2026-03-09T03:59:59Z", newYork, "2026-03-08"},
		{"NY midnight after 23-hour day (EDT)", "2026-03-09T04:00:00Z", newYork, "2026-03-09"},
		// New York, fall back 2026-11-01 02:00 EDT -> 01:00 EST (06:00Z).
		{"NY last second of Oct 31", "2026-11-01T03:59:59Z", newYork, "2026-10-31"},
		{"NY midnight of fall-back day", "2026-11-01T04:00:00Z", newYork, "2026-11-01"},
		{"NY first 01:30", "2026-11-01T05:30:00Z", newYork, "2026-11-01"},
		{"NY second 01:30", "2026-11-01T06:30:00Z", newYork, "2026-11-01"},
		{"NY last second of 25-hour day", "2026-11-02T04:59:59Z", newYork, "2026-11-01"},
		{"NY midnight after 25-hour day (EST)", "2026-11-02T05:00:00Z", newYork, "2026-11-02"},
		// Lord Howe, +10:30 / +11: forward 02:00 -> 02:30 on 2026-10-04.
		{"LH last second of Oct 3 (+10:30)", "2026-10-03T13:29:59Z", lordHowe, "2026-10-03"},
		{"LH midnight Oct 4 (+10:30)", "2026-10-03T13:30:00Z", lordHowe, "2026-10-04"},
		{"LH across the half-hour jump", "2026-10-03T15:30:00Z", lordHowe, "2026-10-04"},
		{"LH last second of Oct 4 (+11)", "2026-10-04T12:59:59Z", lordHowe, "2026-10-04"},
		{"LH midnight Oct 5 (+11)", "2026-10-04T13:00:00Z", lordHowe, "2026-10-05"},
		// Lord Howe back 02:00 +11 -> 01:30 +10:30 on 2026-04-05.
		{"LH midnight Apr 5 (+11)", "2026-04-04T13:00:00Z", lordHowe, "2026-04-05"},
		{"LH last second of Apr 4 (+11)", "2026-04-04T12:59:59Z", lordHowe, "2026-04-04"},
		{"LH midnight Apr 6 (+10:30)", "2026-04-05T13:30:00Z", lordHowe, "2026-04-06"},
		{"LH last second of Apr 5 (+10:30)", "2026-04-05T13:29:59Z", lordHowe, "2026-04-05"},
		// Kathmandu +05:45.
		{"Kathmandu before midnight", "2026-01-01T18:14:59Z", kathmandu, "2026-01-01"},
		{"Kathmandu midnight", "2026-01-01T18:15:00Z", kathmandu, "2026-01-02"},
		// Kiritimati +14: the first place a day starts.
		{"Kiritimati before midnight", "2026-01-01T09:59:59Z", kiritimati, "2026-01-01"},
		{"Kiritimati midnight", "2026-01-01T10:00:00Z", kiritimati, "2026-01-02"},
		{"Kiritimati is a day ahead of UTC at noon UTC", "2026-06-15T12:00:00Z", kiritimati, "2026-06-16"},
		// Kiritimati skipped 1994-12-31 when it moved from -10 to +14.
		{"Kiritimati last second of 1994-12-30", "1994-12-31T09:59:59Z", kiritimati, "1994-12-30"},
		{"Kiritimati straight to 1995", "1994-12-31T10:00:00Z", kiritimati, "1995-01-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := LocalDay(utc(t, tt.at), tt.zone, "")
			if got.String() != tt.want {
				t.Errorf("LocalDay(%s, %s) = %s, want %s", tt.at, tt.zone, got, tt.want)
			}
		})
	}
}

func TestLocalDayZoneChoice(t *testing.T) {
	// 02:00Z on 2026-06-15 is the 15th in UTC and Kiritimati, the 14th in New York.
	at := utc(t, "2026-06-15T02:00:00Z")
	tests := []struct {
		name, member, server, want string
	}{
		{"own zone wins", kiritimati, newYork, "2026-06-15"},
		{"own zone west", newYork, kiritimati, "2026-06-14"},
		{"server zone when member has none", "", newYork, "2026-06-14"},
		{"UTC when neither", "", "", "2026-06-15"},
		{"invalid member zone falls back to server", "Mars/Olympus_Mons", newYork, "2026-06-14"},
		{"Local is not a member zone", "Local", newYork, "2026-06-14"},
		{"path tricks are not zones", "../../etc/passwd", newYork, "2026-06-14"},
		{"invalid both fall back to UTC", "Nowhere/Land", "Not a zone", "2026-06-15"},
		{"lower-case name is not a zone", "america/new_york", "", "2026-06-15"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := LocalDay(at, tt.member, tt.server); got.String() != tt.want {
				t.Errorf("LocalDay(%q, %q) = %s, want %s", tt.member, tt.server, got, tt.want)
			}
		})
	}

	// A member who moves from Kiritimati to New York mid-day: the same instant
	// is a day earlier in the new zone, and yesterday's check-in in the old
	// zone is still "today or yesterday" there.
	before := LocalDay(at, kiritimati, "")
	after := LocalDay(at, newYork, "")
	if before-after != 1 {
		t.Errorf("Kiritimati day %s, New York day %s: want one day apart", before, after)
	}
	if !AllowedDay(before-1, after) {
		t.Errorf("yesterday in the old zone (%s) should be allowed on %s", before-1, after)
	}
}

func TestAllowedDay(t *testing.T) {
	today := day(t, "2026-03-08")
	tests := []struct {
		day  Day
		want bool
	}{
		{today, true},
		{today - 1, true},
		{today - 2, false},
		{today + 1, false},
		{today - 365, false},
	}
	for _, tt := range tests {
		if got := AllowedDay(tt.day, today); got != tt.want {
			t.Errorf("AllowedDay(%s, %s) = %v, want %v", tt.day, today, got, tt.want)
		}
	}
	// "yesterday" just after local midnight in New York is still the day
	// before in local terms, though UTC has long moved on.
	at := utc(t, "2026-03-09T04:30:00Z") // 00:30 EDT on the 9th
	local := LocalDay(at, newYork, "")
	if local != day(t, "2026-03-09") || !AllowedDay(day(t, "2026-03-08"), local) {
		t.Errorf("local day %s: yesterday 2026-03-08 should be allowed", local)
	}
}

func TestDayArithmetic(t *testing.T) {
	tests := []struct {
		a, b string
		diff int
	}{
		{"1970-01-01", "1970-01-01", 0},
		{"2000-02-28", "2000-03-01", 2}, // 2000 is a leap year
		{"2100-02-28", "2100-03-01", 1}, // 2100 is not
		{"2024-02-28", "2024-03-01", 2},
		{"2026-12-31", "2027-01-01", 1},
		{"1969-12-31", "1970-01-01", 1},
		{"2026-03-07", "2026-03-09", 2}, // across the DST change: still whole days
	}
	for _, tt := range tests {
		if got := int(day(t, tt.b) - day(t, tt.a)); got != tt.diff {
			t.Errorf("%s - %s = %d, want %d", tt.b, tt.a, got, tt.diff)
		}
	}
	if d := DayFromDate(1970, 1, 1); d != 0 {
		t.Errorf("epoch = %d, want 0", d)
	}
	if d := DayFromDate(1969, 12, 31); d != -1 {
		t.Errorf("1969-12-31 = %d, want -1", d)
	}
	// Out-of-range dates normalise like time.Date.
	if got := DayFromDate(2026, 13, 1).String(); got != "2027-01-01" {
		t.Errorf("month 13 = %s", got)
	}
}

func TestDayStringParseWeekday(t *testing.T) {
	for d := Day(-800); d < 80000; d += 7 {
		for _, dd := range []Day{d, d + 3} {
			s := dd.String()
			back, err := ParseDay(s)
			if err != nil || back != dd {
				t.Fatalf("ParseDay(%q) = %d, %v; want %d", s, back, err, dd)
			}
			y, m, n := dd.Date()
			want := time.Date(y, m, n, 12, 0, 0, 0, time.UTC).Weekday()
			if dd.Weekday() != want {
				t.Fatalf("%s weekday %s, want %s", s, dd.Weekday(), want)
			}
		}
	}
	known := map[string]time.Weekday{
		"1970-01-01": time.Thursday,
		"1969-12-31": time.Wednesday,
		"2026-03-08": time.Sunday,
		"2026-03-09": time.Monday,
		"2024-02-29": time.Thursday,
	}
	for s, want := range known {
		if got := day(t, s).Weekday(); got != want {
			t.Errorf("%s is a %s, got %s", s, want, got)
		}
	}
	for _, bad := range []string{"", "2026-02-30", "2026-2-3", "yesterday", "2026-13-01", "26-01-01", "2026-01-01 "} {
		if _, err := ParseDay(bad); !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseDay(%q) error %v, want ErrInvalid", bad, err)
		}
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want Clock
		ok   bool
	}{
		{"7:00", 7 * 60, true},
		{"07:00", 7 * 60, true},
		{"00:00", 0, true},
		{"0:00", 0, true},
		{"23:59", 23*60 + 59, true},
		{"18:30", 18*60 + 30, true},
		{" 7:00", 7 * 60, true},
		{"07:00 ", 7 * 60, true},
		{"24:00", 0, false},
		{"7", 0, false},
		{"07:60", 0, false},
		{"7:00pm", 0, false},
		{"7:5", 0, false},
		{"7:005", 0, false},
		{"007:00", 0, false},
		{"+7:00", 0, false},
		{"-0:00", 0, false},
		{"7:-5", 0, false},
		{"7 :00", 0, false},
		{"7: 00", 0, false},
		{":00", 0, false},
		{"7:", 0, false},
		{"", 0, false},
		{"07h00", 0, false},
		{"7.00", 0, false},
		{"٧:٠٠", 0, false}, // Arabic-Indic digits
		{"07:00:00", 0, false},
	}
	for _, tt := range tests {
		got, err := ParseClock(tt.in)
		if tt.ok {
			if err != nil || got != tt.want {
				t.Errorf("ParseClock(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			continue
		}
		if !errors.Is(err, ErrInvalid) {
			t.Errorf("ParseClock(%q) = %v, %v; want ErrInvalid", tt.in, got, err)
		}
	}
	for c := Clock(0); c < 24*60; c++ {
		if back, err := ParseClock(c.String()); err != nil || back != c {
			t.Fatalf("round trip %s: %v, %v", c, back, err)
		}
	}
	if s := Clock(7 * 60).String(); s != "07:00" {
		t.Errorf("String = %q", s)
	}
}

func TestClockOn(t *testing.T) {
	tests := []struct {
		name  string
		zone  string
		day   string
		clock string
		want  string // RFC 3339 with the local offset
	}{
		{"NY summer", newYork, "2026-06-15", "07:00", "2026-06-15T07:00:00-04:00"},
		{"NY winter", newYork, "2026-01-15", "07:00", "2026-01-15T07:00:00-05:00"},
		{"NY spring-forward gap", newYork, "2026-03-08", "02:30", "2026-03-08T03:00:00-04:00"},
		{"NY spring-forward gap start", newYork, "2026-03-08", "02:00", "2026-03-08T03:00:00-04:00"},
		{"NY spring-forward gap last minute", newYork, "2026-03-08", "02:59", "2026-03-08T03:00:00-04:00"},
		{"NY before the gap", newYork, "2026-03-08", "01:59", "2026-03-08T01:59:00-05:00"},
		{"NY after the gap", newYork, "2026-03-08", "03:00", "2026-03-08T03:00:00-04:00"},
		{"NY spring-forward evening", newYork, "2026-03-08", "18:00", "2026-03-08T18:00:00-04:00"},
		{"NY fall-back first 01:00", newYork, "2026-11-01", "01:00", "2026-11-01T01:00:00-04:00"},
		{"NY fall-back first 01:30", newYork, "2026-11-01", "01:30", "2026-11-01T01:30:00-04:00"},
		{"NY fall-back 01:59", newYork, "2026-11-01", "01:59", "2026-11-01T01:59:00-04:00"},
		{"NY fall-back 02:00 once", newYork, "2026-11-01", "02:00", "2026-11-01T02:00:00-05:00"},
		{"NY fall-back midnight", newYork, "2026-11-01", "00:00", "2026-11-01T00:00:00-04:00"},
		{"LH half-hour gap", lordHowe, "2026-10-04", "02:10", "2026-10-04T02:30:00+11:00"},
		{"LH half-hour gap start", lordHowe, "2026-10-04", "02:00", "2026-10-04T02:30:00+11:00"},
		{"LH after the gap", lordHowe, "2026-10-04", "02:30", "2026-10-04T02:30:00+11:00"},
		{"LH before the gap", lordHowe, "2026-10-04", "01:59", "2026-10-04T01:59:00+10:30"},
		{"LH repeated half hour, first", lordHowe, "2026-04-05", "01:45", "2026-04-05T01:45:00+11:00"},
		{"LH repeated half hour start", lordHowe, "2026-04-05", "01:30", "2026-04-05T01:30:00+11:00"},
		{"LH just before the repeat", lordHowe, "2026-04-05", "01:29", "2026-04-05T01:29:00+11:00"},
		{"LH after the repeat", lordHowe, "2026-04-05", "02:00", "2026-04-05T02:00:00+10:30"},
		{"Kathmandu midnight", kathmandu, "2026-01-01", "00:00", "2026-01-01T00:00:00+05:45"},
		{"Kathmandu evening", kathmandu, "2026-01-01", "23:59", "2026-01-01T23:59:00+05:45"},
		{"Kiritimati morning", kiritimati, "2026-01-01", "07:00", "2026-01-01T07:00:00+14:00"},
		{"Kiritimati skipped day", kiritimati, "1994-12-31", "12:00", "1995-01-01T00:00:00+14:00"},
		{"UTC", "UTC", "2026-01-01", "07:00", "2026-01-01T07:00:00Z"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			loc := load(t, tt.zone)
			c, err := ParseClock(tt.clock)
			if err != nil {
				t.Fatal(err)
			}
			got := c.On(day(t, tt.day), loc)
			want, err := time.Parse(time.RFC3339, tt.want)
			if err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) {
				t.Errorf("%s on %s = %s, want %s", tt.clock, tt.day, got.Format(time.RFC3339), tt.want)
			}
			if got.Location() != loc {
				t.Errorf("result in %s, want %s", got.Location(), loc)
			}
		})
	}
}

// TestClockOnEveryDay checks Clock.On's promise for every quarter hour of
// every day of 2026 in each zone: the result reads the clock if that wall
// time exists, and no earlier instant reads it; if it does not exist, the
// result is the first instant after the gap.
func TestClockOnEveryDay(t *testing.T) {
	zones := []string{newYork, lordHowe, kathmandu, kiritimati, "America/Santiago", "Europe/London", "UTC"}
	from, to := day(t, "2026-01-01"), day(t, "2026-12-31")
	for _, name := range zones {
		loc := load(t, name)
		for d := from; d <= to; d++ {
			for c := Clock(0); c < 24*60; c += 15 {
				got := c.On(d, loc)
				l := got.In(loc)
				wall := Clock(l.Hour()*60 + l.Minute())
				if DayOf(got, loc) == d && wall == c {
					// It exists: no earlier instant within 3 hours reads the same.
					for back := 15 * time.Minute; back <= 3*time.Hour; back += 15 * time.Minute {
						e := got.Add(-back).In(loc)
						if DayOf(e, loc) == d && Clock(e.Hour()*60+e.Minute()) == c {
							t.Fatalf("%s %s %s: %s is not the first occurrence (%s is earlier)", name, d, c, got, e)
						}
					}
					continue
				}
				// Skipped: the minute before got must read a wall time before c
				// on day d (or on the day before), and got itself one after.
				prev := got.Add(-time.Minute).In(loc)
				pw := Clock(prev.Hour()*60 + prev.Minute())
				prevBefore := DayOf(prev, loc) == d-1 || DayOf(prev, loc) == d && pw < c
				if DayOf(got, loc) != d || wall < c || !prevBefore {
					t.Fatalf("%s %s %s: got %s (prev minute %s), want the end of a gap", name, d, c, got, prev)
				}
			}
		}
	}
}

func TestDayStart(t *testing.T) {
	tests := []struct {
		zone, day, want string
	}{
		{newYork, "2026-03-08", "2026-03-08T00:00:00-05:00"},
		{newYork, "2026-11-01", "2026-11-01T00:00:00-04:00"},
		{lordHowe, "2026-10-04", "2026-10-04T00:00:00+10:30"},
		{kathmandu, "2026-01-01", "2026-01-01T00:00:00+05:45"},
		{kiritimati, "2026-01-01", "2026-01-01T00:00:00+14:00"},
		// Chile springs forward at midnight: the day starts at 01:00.
		{"America/Santiago", "2026-09-06", "2026-09-06T01:00:00-03:00"},
		// Kiritimati has no 1994-12-31: "its start" is the next day's.
		{kiritimati, "1994-12-31", "1995-01-01T00:00:00+14:00"},
	}
	for _, tt := range tests {
		got := day(t, tt.day).Start(load(t, tt.zone))
		want, _ := time.Parse(time.RFC3339, tt.want)
		if !got.Equal(want) {
			t.Errorf("%s start in %s = %s, want %s", tt.day, tt.zone, got.Format(time.RFC3339), tt.want)
		}
	}
}

func TestValidZone(t *testing.T) {
	good := []string{newYork, lordHowe, kathmandu, kiritimati, "UTC", "Europe/Paris", "Etc/GMT+5", "America/Argentina/Buenos_Aires", "America/Port-au-Prince"}
	for _, name := range good {
		if err := ValidZone(name); err != nil {
			t.Errorf("ValidZone(%q) = %v", name, err)
		}
		if got := Zone(name, "").String(); got != name {
			t.Errorf("Zone(%q) = %s", name, got)
		}
	}
	bad := []string{"", "Local", "Mars/Olympus", "america/new_york", "../etc/passwd", "/etc/localtime", "Europe//Paris",
		"Europe/", "/Europe", "Europe/Paris ", "Europe\\Paris", "Europe/Paris\x00", strings.Repeat("A", 65), "zone.tab"}
	for _, name := range bad {
		if err := ValidZone(name); !errors.Is(err, ErrInvalid) {
			t.Errorf("ValidZone(%q) = %v, want ErrInvalid", name, err)
		}
	}
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"7:00", "07:00", "23:59", "24:00", "7", "07:60", " 7:00", "7:00pm", "+7:00", "٧:٠٠", "", ":"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseClock(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseClock(%q) error %v not ErrInvalid", s, err)
			}
			return
		}
		if c < 0 || c >= 24*60 {
			t.Fatalf("ParseClock(%q) = %d out of range", s, c)
		}
		back, err := ParseClock(c.String())
		if err != nil || back != c {
			t.Fatalf("round trip %q -> %s -> %v, %v", s, c, back, err)
		}
		trimmed := strings.TrimSpace(s)
		if trimmed != c.String() && "0"+trimmed != c.String() {
			t.Fatalf("ParseClock(%q) = %s: accepted text does not read as the clock", s, c)
		}
	})
}

func FuzzValidZone(f *testing.F) {
	for _, s := range []string{newYork, lordHowe, kathmandu, kiritimati, "UTC", "Local", "", "../../etc/passwd", "Etc/GMT+5", "Europe//Paris"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		err := ValidZone(name)
		loc := Zone(name, "")
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ValidZone(%q) error %v not ErrInvalid", name, err)
			}
			if loc != time.UTC {
				t.Fatalf("Zone(%q) = %s for a refused name, want UTC", name, loc)
			}
			return
		}
		if loc.String() != name {
			t.Fatalf("accepted %q but Zone gives %s", name, loc)
		}
		if ValidZone(loc.String()) != nil {
			t.Fatalf("accepted %q does not round-trip", name)
		}
	})
}
