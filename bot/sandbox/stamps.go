package sandbox

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// stampRE matches a Discord timestamp, <t:UNIX> or <t:UNIX:STYLE>.
var stampRE = regexp.MustCompile(`<t:(-?\d{1,12})(?::([tTdDfFR]))?>`)

// stamps shows Discord timestamps as Discord would to a member in the
// server's zone ("1 December 2026", "in 3 days"), with the style letter in
// brackets so a transcript still shows that a timestamp was sent.
func (sb *sandbox) stamps(line string) string {
	if !stampRE.MatchString(line) {
		return line
	}
	loc := sb.zone(context.Background())
	now := sb.clock.Now()
	return stampRE.ReplaceAllStringFunc(line, func(m string) string {
		sub := stampRE.FindStringSubmatch(m)
		sec, err := strconv.ParseInt(sub[1], 10, 64)
		if err != nil {
			return m
		}
		t := time.Unix(sec, 0).In(loc)
		style := sub[2]
		if style == "" {
			style = "f"
		}
		layouts := map[string]string{"t": "15:04", "T": "15:04:05", "d": "02/01/2006", "D": "2 January 2006",
			"f": "2 January 2006 15:04", "F": "Monday, 2 January 2006 15:04"}
		text := t.Format(layouts[style])
		if style == "R" {
			text = relative(t.Sub(now))
		}
		return "⟨" + text + "⟩"
	})
}

// relative is Discord's relative style, roughly: "in 3 days", "2 hours ago".
func relative(d time.Duration) string {
	ago := d < 0
	if ago {
		d = -d
	}
	n, unit := int(d.Round(time.Second)/time.Second), "second"
	for _, u := range []struct {
		size time.Duration
		name string
	}{{24 * time.Hour, "day"}, {time.Hour, "hour"}, {time.Minute, "minute"}} {
		if d >= u.size {
			n, unit = int((d+u.size/2)/u.size), u.name
			break
		}
	}
	s := fmt.Sprintf("%d %s", n, unit)
	if n != 1 {
		s += "s"
	}
	if ago {
		return s + " ago"
	}
	return "in " + s
}
