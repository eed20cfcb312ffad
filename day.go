package clubbot

import (
	"fmt"
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
// is skipped by a DST change, that is the first instant that exists.
func (d Day) Start(loc *time.Location) time.Time {
	y, m, dd := d.Date()
	return time.Date(y, m, dd, 0, 0, 0, 0, loc)
}

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
// else UTC. Names that do not load are skipped, so a stale setting never
// breaks a check-in.
func Zone(memberZone, serverZone string) *time.Location {
	for _, name := range []string{memberZone, serverZone} {
		if name == "" {
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

// ValidZone reports whether name is an IANA zone clubbot accepts. "Local" and
// the empty name are refused: they mean the machine's zone, not the member's.
func ValidZone(name string) error {
	if name == "" || name == "Local" || len(name) > 64 {
		return fmt.Errorf("time zone %q: %w", name, ErrInvalid)
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Errorf("time zone %q: %w", name, ErrInvalid)
	}
	return nil
}

// Clock is a time of day in minutes after midnight, 0-1439.
type Clock int

// ParseClock reads "7:00", "07:00" or "18:30".
func ParseClock(s string) (Clock, error) {
	var h, m int
	var rest string
	n, _ := fmt.Sscanf(s, "%d:%d%s", &h, &m, &rest)
	if n != 2 || len(s) > 5 || h < 0 || h > 23 || m < 0 || m > 59 {
		return 0, fmt.Errorf("time of day %q (want HH:MM, 24-hour): %w", s, ErrInvalid)
	}
	return Clock(h*60 + m), nil
}

// String formats the clock as "07:00".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60) }

// On returns the instant the clock reads c on day d in loc. A time skipped by
// a DST change moves to the next valid minute; a time that occurs twice is the
// first occurrence.
func (c Clock) On(d Day, loc *time.Location) time.Time {
	y, m, dd := d.Date()
	h, mm := int(c)/60, int(c)%60
	t := time.Date(y, m, dd, h, mm, 0, 0, loc)
	if t.Hour() == h && t.Minute() == mm && DayOf(t, loc) == d {
		// time.Date picks one of two occurrences in a repeated hour; take the earlier.
		if earlier := t.Add(-time.Hour); earlier.In(loc).Hour() == h && earlier.In(loc).Minute() == mm {
			return earlier
		}
		for _, back := range []time.Duration{30 * time.Minute} {
			if e := t.Add(-back); e.In(loc).Hour() == h && e.In(loc).Minute() == mm {
				return e
			}
		}
		return t
	}
	// The wall time does not exist (spring forward): find the first minute after
	// the gap by scanning forward from one minute before the requested wall time.
	base := time.Date(y, m, dd, 0, 0, 0, 0, loc)
	for probe := base; DayOf(probe, loc) == d; probe = probe.Add(time.Minute) {
		l := probe.In(loc)
		if l.Hour()*60+l.Minute() >= int(c) {
			return probe
		}
	}
	return base.Add(24 * time.Hour)
}
