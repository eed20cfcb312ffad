package clubbot

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestCheckInValidate(t *testing.T) {
	ok := CheckIn{GuildID: "g", UserID: "u", Day: DayFromDate(2026, 3, 8), Minutes: 10}
	tests := []struct {
		name   string
		change func(*CheckIn)
		valid  bool
	}{
		{"minimal", func(c *CheckIn) {}, true},
		{"0 minutes", func(c *CheckIn) { c.Minutes = 0 }, false},
		{"1 minute", func(c *CheckIn) { c.Minutes = 1 }, true},
		{"240 minutes", func(c *CheckIn) { c.Minutes = 240 }, true},
		{"241 minutes", func(c *CheckIn) { c.Minutes = 241 }, false},
		{"negative minutes", func(c *CheckIn) { c.Minutes = -10 }, false},
		{"no guild", func(c *CheckIn) { c.GuildID = "" }, false},
		{"no user", func(c *CheckIn) { c.UserID = "" }, false},
		{"every choice", func(c *CheckIn) { c.Timing, c.Tool, c.SoreSpot = "post-run", "roller", "achilles" }, true},
		{"bad timing", func(c *CheckIn) { c.Timing = "mid-run" }, false},
		{"timing wrong case", func(c *CheckIn) { c.Timing = "Pre-run" }, false},
		{"bad tool", func(c *CheckIn) { c.Tool = "hammer" }, false},
		{"bad sore spot", func(c *CheckIn) { c.SoreSpot = "knee" }, false},
		{"sore spot none", func(c *CheckIn) { c.SoreSpot = "none" }, true},
		{"200-rune note", func(c *CheckIn) { c.Note = strings.Repeat("ü", 200) }, true},
		{"201-rune note", func(c *CheckIn) { c.Note = strings.Repeat("ü", 201) }, false},
		{"note with emoji", func(c *CheckIn) { c.Note = "sore 🦶 after the long run" }, true},
		{"invalid UTF-8 note", func(c *CheckIn) { c.Note = "ok\xff" }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := ok
			tt.change(&c)
			err := c.Validate()
			if tt.valid && err != nil {
				t.Errorf("refused: %v", err)
			}
			if !tt.valid && !errors.Is(err, ErrInvalid) {
				t.Errorf("error %v, want ErrInvalid", err)
			}
		})
	}
	// Every listed choice is accepted.
	for _, set := range [][]string{Timings, Tools, SoreSpots} {
		for _, v := range set {
			c := ok
			c.Timing, c.Tool, c.SoreSpot = "", "", ""
			switch {
			case &set[0] == &Timings[0]:
				c.Timing = v
			case &set[0] == &Tools[0]:
				c.Tool = v
			default:
				c.SoreSpot = v
			}
			if err := c.Validate(); err != nil {
				t.Errorf("choice %q refused: %v", v, err)
			}
		}
	}
}

func TestDefaultSettings(t *testing.T) {
	s := DefaultSettings("g")
	if s.CheckinTime.String() != "07:00" || s.LeaderboardTime.String() != "18:00" || s.LeaderboardDay != time.Sunday || s.ReminderTime.String() != "20:00" {
		t.Errorf("defaults = %+v", s)
	}
	if s.Location() != time.UTC {
		t.Errorf("default zone %s, want UTC", s.Location())
	}
	s.TimeZone = kathmandu
	if s.Location().String() != kathmandu {
		t.Errorf("zone %s", s.Location())
	}
	s.TimeZone = "Bogus/Zone"
	if s.Location() != time.UTC {
		t.Errorf("unknown zone gives %s, want UTC", s.Location())
	}
}
