package bot

import (
	"strconv"
	"testing"
	"time"

	"clubbot"
)

func TestPlural(t *testing.T) {
	tests := []struct {
		n    int
		unit string
		want string
	}{
		{0, "day", "0 days"}, {1, "day", "1 day"}, {2, "day", "2 days"},
		{1, "participant", "1 participant"}, {3, "participant", "3 participants"},
		{1, "entry", "1 entry"}, {2, "entry", "2 entries"},
		{2, "more qualifying day", "2 more qualifying days"},
		{1, "missed day", "1 missed day"}, {-1, "day", "-1 days"},
	}
	for _, tt := range tests {
		if got := plural(tt.n, tt.unit); got != tt.want {
			t.Errorf("plural(%d, %q) = %q, want %q", tt.n, tt.unit, got, tt.want)
		}
	}
}

// TestDateStamp: a day is shown as a Discord date stamp at noon in the
// server's zone, so the date reads the same up to 12 hours away.
func TestDateStamp(t *testing.T) {
	zone := time.FixedZone("UTC+5", 5*3600)
	d := clubbot.DayFromDate(2026, 12, 1)
	want := time.Date(2026, 12, 1, 7, 0, 0, 0, time.UTC).Unix() // noon at UTC+5
	if got := dateStamp(d, zone); got != "<t:"+strconv.FormatInt(want, 10)+":D>" {
		t.Errorf("dateStamp = %s, want unix %d", got, want)
	}
}

// TestNextPost: the next daily or weekly post after now, in the server's zone.
func TestNextPost(t *testing.T) {
	st := clubbot.DefaultSettings("g")
	st.TimeZone = "America/New_York"
	ny, err := time.LoadLocation(st.TimeZone)
	if err != nil {
		t.Fatal(err)
	}
	seven, six := clubbot.Clock(7*60), clubbot.Clock(18*60)
	tests := []struct {
		now     time.Time
		weekday time.Weekday
		c       clubbot.Clock
		want    time.Time
	}{
		{time.Date(2026, 12, 1, 6, 59, 0, 0, ny), -1, seven, time.Date(2026, 12, 1, 7, 0, 0, 0, ny)},
		{time.Date(2026, 12, 1, 7, 0, 0, 0, ny), -1, seven, time.Date(2026, 12, 2, 7, 0, 0, 0, ny)},
		{time.Date(2026, 12, 1, 23, 0, 0, 0, ny), -1, seven, time.Date(2026, 12, 2, 7, 0, 0, 0, ny)},
		{time.Date(2026, 12, 1, 9, 0, 0, 0, ny), time.Sunday, six, time.Date(2026, 12, 6, 18, 0, 0, 0, ny)}, // a Tuesday
		{time.Date(2026, 12, 6, 18, 30, 0, 0, ny), time.Sunday, six, time.Date(2026, 12, 13, 18, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		if got := nextPost(tt.now, st, tt.weekday, tt.c); !got.Equal(tt.want) {
			t.Errorf("nextPost(%v, %v, %v) = %v, want %v", tt.now, tt.weekday, tt.c, got, tt.want)
		}
	}
	if got := relativeStamp(time.Unix(1796126400, 0)); got != "<t:1796126400:R>" {
		t.Errorf("relativeStamp = %s", got)
	}
}
