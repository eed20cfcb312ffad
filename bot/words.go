package bot

import (
	"fmt"
	"strings"
	"time"

	"clubbot"
)

// plural formats a count with its noun: "1 day", "3 days", "2 entries".
// Every count the bot shows goes through it, so no message says "day(s)".
// It knows the two English rules its nouns need: a plain "s", and a "y"
// after a consonant becoming "ies".
func plural(n int, unit string) string {
	if n == 1 {
		return fmt.Sprintf("%d %s", n, unit)
	}
	if stem, ok := strings.CutSuffix(unit, "y"); ok && stem != "" && !strings.ContainsAny(stem[len(stem)-1:], "aeiou") {
		return fmt.Sprintf("%d %sies", n, stem)
	}
	return fmt.Sprintf("%d %ss", n, unit)
}

// dateStamp shows a day as a Discord timestamp (SPEC 4 "Times"): each reader
// sees the date in their own language. It points at noon of the day in the
// server's zone, so readers up to 12 hours away still see the same date.
func dateStamp(d clubbot.Day, loc *time.Location) string {
	return fmt.Sprintf("<t:%d:D>", clubbot.Clock(12*60).On(d, loc).Unix())
}

// relativeStamp shows a moment as "in 3 hours" / "2 days ago" in each
// reader's own terms.
func relativeStamp(t time.Time) string { return fmt.Sprintf("<t:%d:R>", t.Unix()) }

// soreSpotWord is a sore-spot choice as it reads after "a sore": the
// choices are nouns as a menu lists them ("toes"), one spot reads singular.
func soreSpotWord(spot string) string {
	if spot == "toes" {
		return "toe"
	}
	return spot
}

// nextPost is when a scheduled post next goes out after now: at c in the
// server's zone, on any day (weekday -1) or on that weekday.
func nextPost(now time.Time, s clubbot.Settings, weekday time.Weekday, c clubbot.Clock) time.Time {
	loc := s.Location()
	for d := clubbot.DayOf(now, loc); ; d++ {
		if t := c.On(d, loc); t.After(now) && (weekday < 0 || d.Weekday() == weekday) {
			return t
		}
	}
}
