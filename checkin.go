package clubbot

import (
	"fmt"
	"time"
	"unicode/utf8"
)

// Limits on what a member can type. The bot checks them before the store, and
// the store checks them again so no path writes bad data.
const (
	MinMinutes   = 1
	MaxMinutes   = 240
	MaxNoteRunes = 200
)

// Choices for a check-in's optional fields (SPEC 3).
var (
	Timings   = []string{"pre-run", "post-run", "rest-day", "other"}
	Tools     = []string{"shiatsu", "roller", "percussive", "spa", "ball", "hands", "other"}
	SoreSpots = []string{"none", "heel", "arch", "achilles", "toes", "ankle", "calf"}
)

// CheckIn is one recorded foot-massage session.
type CheckIn struct {
	ID       int64
	GuildID  string
	UserID   string
	Day      Day // the member's local day the session counts for
	Minutes  int
	Timing   string // one of Timings, or ""
	Tool     string // one of Tools, or ""
	SoreSpot string // one of SoreSpots, or ""
	Note     string
	// InteractionID is the Discord interaction that recorded it. It is unique:
	// the same interaction delivered twice records once.
	InteractionID string
	// Source, when set, makes the check-in unique per member and source: a
	// daily post's buttons use "post:MESSAGE_ID" so a second click records nothing.
	Source string
	// EnteredBy is who recorded it: the member, or the admin who fixed an old day.
	EnteredBy string
	CreatedAt time.Time
}

// Validate checks a check-in against SPEC 4's limits.
func (c CheckIn) Validate() error {
	switch {
	case c.GuildID == "" || c.UserID == "":
		return fmt.Errorf("check-in without server or member: %w", ErrInvalid)
	case c.Minutes < MinMinutes || c.Minutes > MaxMinutes:
		return fmt.Errorf("minutes must be %d-%d, got %d: %w", MinMinutes, MaxMinutes, c.Minutes, ErrInvalid)
	case !oneOf(c.Timing, Timings):
		return fmt.Errorf("timing %q: %w", c.Timing, ErrInvalid)
	case !oneOf(c.Tool, Tools):
		return fmt.Errorf("tool %q: %w", c.Tool, ErrInvalid)
	case !oneOf(c.SoreSpot, SoreSpots):
		return fmt.Errorf("sore spot %q: %w", c.SoreSpot, ErrInvalid)
	case !utf8.ValidString(c.Note):
		return fmt.Errorf("note is not valid text: %w", ErrInvalid)
	case utf8.RuneCountInString(c.Note) > MaxNoteRunes:
		return fmt.Errorf("note longer than %d characters: %w", MaxNoteRunes, ErrInvalid)
	}
	return nil
}

// AllowedDay reports whether a member may record a check-in for day when
// their own day is today: today or yesterday. Older days need an admin fix.
func AllowedDay(day, today Day) bool { return day == today || day == today-1 }

func oneOf(v string, set []string) bool {
	if v == "" {
		return true
	}
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// DayTotal is a member's minutes and sessions on one day.
type DayTotal struct {
	Day      Day
	Minutes  int
	Sessions int
}
