package store

import (
	"math/rand/v2"
	"strings"
	"testing"

	"clubbot"
)

// TestParticipantRecordQualifyingDays: the count the challenge board ranks
// everyone by is the QualifyingDays of the progress, and the standing it
// computes for the members it shows is the progress's, for members who joined before, at and after the start,
// on days before, inside and after the challenge, with flags shorter than
// the challenge (a row from before it grew) and with breaks.
func TestParticipantRecordQualifyingDays(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	c := clubbot.Challenge{Start: 1000, Days: 30, DailyMinutes: 10, GraceDays: 2}
	for range 5000 {
		var flags strings.Builder
		for range r.IntN(c.Days + 3) {
			flags.WriteByte("01"[r.IntN(2)])
		}
		rec := ParticipantRecord{UserID: "u", Joined: c.Start - 3 + clubbot.Day(r.IntN(c.Days+6)), Minutes: 40 + r.IntN(3),
			Qualified: flags.String()}
		if r.IntN(3) == 0 {
			from := c.Start - 2 + clubbot.Day(r.IntN(c.Days+4))
			rec.Breaks = []clubbot.Break{{From: from, To: from + clubbot.Day(r.IntN(8))}}
		}
		today := c.Start - 3 + clubbot.Day(r.IntN(c.Days+8))
		want := rec.Participant(c, today).Progress.QualifyingDays
		if got := rec.QualifyingDays(c, today); got != want {
			t.Fatalf("%+v on day %d: QualifyingDays %d, progress has %d", rec, today-c.Start, got, want)
		}
		c.NoBreaks = r.IntN(5) == 0
		if got, want := rec.Standing(c, today), ParticipantStanding(rec.Participant(c, today)); got != want {
			t.Fatalf("%+v on day %d, no breaks %v: Standing\n got %+v\nwant %+v", rec, today-c.Start, c.NoBreaks, got, want)
		}
	}
}
