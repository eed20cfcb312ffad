package clubbot

import (
	"fmt"
	"strings"
	"time"
)

// Day is a local calendar day with no zone attached, counted in days since
// 1970-01-01. Whole-number days make streak arithmetic exact across DST
// changes and odd offsets, and they store as one small integer.
type Day int32

// DayFromDate returns the Day for a calendar date.
func DayFromDate(year int, month time.Month, day int) Day {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Day(t.Unix() / 86400)
}

// DayOf returns the calendar day that instant t falls on in loc.
func DayOf(t time.Time, loc *time.Location) Day {
	y, m, d := t.In(loc).Date()
	return DayFromDate(y, m, d)
}

// ParseDay reads "2006-01-02".
func ParseDay(s string) (Day, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return 0, fmt.Errorf("parse day %q: %w", s, ErrInvalid)
	}
	return DayFromDate(t.Date()), nil
}

// Date returns the day's calendar date.
func (d Day) Date() (year int, month time.Month, day int) {
	return time.Unix(int64(d)*86400, 0).UTC().Date()
}

// Start returns the first instant of the day in loc. On a day whose midnight
// is skipped by a DST change, that is the first instant that exists; on a day
// whose midnight happens twice, the first of the two.
func (d Day) Start(loc *time.Location) time.Time { return Clock(0).On(d, loc) }

// Weekday returns the day of the week.
func (d Day) Weekday() time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday((int(d)%7 + 7 + int(time.Thursday)) % 7)
}

// String formats the day as "2006-01-02".
func (d Day) String() string {
	y, m, dd := d.Date()
	return fmt.Sprintf("%04d-%02d-%02d", y, int(m), dd)
}

// Zone resolves a member's time zone: their own IANA zone, else the server's,
// else UTC. Names ValidZone refuses are skipped, so a stale setting never
// breaks a check-in and "Local" never means the machine's zone.
func Zone(memberZone, serverZone string) *time.Location {
	for _, name := range []string{memberZone, serverZone} {
		if name == "" || !zoneNameShape(name) {
			continue
		}
		if loc, err := time.LoadLocation(name); err == nil {
			return loc
		}
	}
	return time.UTC
}

// LocalDay is the member's day at instant now (SPEC 4 "Days").
func LocalDay(now time.Time, memberZone, serverZone string) Day {
	return DayOf(now, Zone(memberZone, serverZone))
}

// MaxZoneRunes bounds a time-zone name a member may type; the longest IANA
// name is about 30 characters.
const MaxZoneRunes = 64

// ValidZone reports whether name is an IANA zone clubbot accepts. "Local" and
// the empty name are refused: they mean the machine's zone, not the member's.
// Only the characters IANA names use are allowed, so user text never reaches
// the file system as a path.
func ValidZone(name string) error {
	if !zoneNameShape(name) {
		return fmt.Errorf("time zone %q (want an IANA name like Europe/Paris): %w", name, ErrInvalid)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("time zone %q (want an IANA name like Europe/Paris): %w", name, ErrInvalid)
	}
	return nil
}

// zoneNameShape reports whether name looks like an IANA zone name: letters,
// digits, '_', '-', '+' and '/' between parts, no "Local".
func zoneNameShape(name string) bool {
	if name == "" || name == "Local" || len(name) > MaxZoneRunes {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '_', c == '-', c == '+':
		case c == '/' && i > 0 && i < len(name)-1 && name[i-1] != '/':
		default:
			return false
		}
	}
	return true
}

// Clock is a time of day in minutes after midnight, 0-1439.
type Clock int

// ParseClock reads a 24-hour time of day: "7:00", "07:00" or "18:30".
// Surrounding spaces are ignored; anything else ("7", "7:00pm", "24:00",
// "07:60", "7:5") is refused, since a guess could post at the wrong hour.
func ParseClock(s string) (Clock, error) {
	bad := fmt.Errorf("time of day %q (want HH:MM, 24-hour, like 07:00): %w", s, ErrInvalid)
	t := strings.TrimSpace(s)
	hh, mm, ok := strings.Cut(t, ":")
	if !ok || len(hh) < 1 || len(hh) > 2 || len(mm) != 2 {
		return 0, bad
	}
	h, okH := digits(hh)
	m, okM := digits(mm)
	if !okH || !okM || h > 23 || m > 59 {
		return 0, bad
	}
	return Clock(h*60 + m), nil
}

// digits reads a short run of ASCII digits; strconv.Atoi would also take signs.
func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// String formats the clock as "07:00".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// On returns the instant the clock reads c on day d in loc. A time skipped by
// a DST change moves to the end of the gap, the next valid minute (02:30 on a
// spring-forward night in New York is 03:00); a time that occurs twice is the
// first occurrence, so a post is never late by the repeated hour.
func (c Clock) On(d Day, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	wall := time.Date(y, m, dd, int(c)/60, int(c)%60, 0, 0, time.UTC)
	// time.Date resolves a missing or doubled wall time to some zone on one side
	// of the change; ZoneBounds tells us where that zone starts and ends.
	t := time.Date(y, m, dd, int(c)/60, int(c)%60, 0, 0, loc)
	start, end := t.ZoneBounds()
	if got := wallClock(t); !got.Equal(wall) {
		// Skipped: t landed before the gap (its zone ends where the gap does)
		// or after it (its zone starts there).
		if got.Before(wall) {
			return end
		}
		return start
	}
	if !start.IsZero() {
		// Doubled: the first occurrence, if any, is in the zone before start.
		_, before := start.Add(-time.Second).Zone()
		if first := wall.Add(-time.Duration(before) * time.Second); first.Before(start) {
			return first.In(loc)
		}
	}
	return t
}

// wallClock is t's wall-clock reading in its own zone, as a UTC time, so wall
// readings compare without zones getting in the way.
func wallClock(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// Short formats the day the way members read it in a message: "Tue 3 Nov".
func (d Day) Short() string {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, time.UTC).Format("Mon 2 Jan")
}
