package clubbot

import (
	"fmt"
	"strings"
	"time"
)

// ChallengePart is a challenge and one member's part in it.
type ChallengePart struct {
	Challenge     Challenge
	Participation Participation
}

// ReminderMember is what the reminder rule needs to know about one member.
type ReminderMember struct {
	Member
	// HasCheckIns: LastDay and RunStart are set (the member has a check-in).
	HasCheckIns bool
	LastDay     Day // the latest day with a check-in
	RunStart    Day // the first day of the run of days ending at LastDay
	// Challenges are the challenges the member is in (left or not).
	Challenges []ChallengePart
	// OnBreak reports whether a day is one of the member's break days; nil
	// means no breaks. (Planned breaks fill it; a member on a break gets no
	// reminders, SPEC 4.)
	OnBreak func(Day) bool
	// Streak, when set, is MemberStreak on the member's day: the streak at
	// stake is then its Current (2 or more, not checked in that day), so a
	// streak a break or a freeze kept alive counts; LastDay and RunStart
	// only see the run of days ending at the last check-in.
	Streak *StreakState
}

// ReminderDue decides whether member m gets a reminder at now (SPEC 6), and
// for which day: their own local day in their own zone (else the server's),
// once their own reminder time (else the server's) has come on that day.
// They get one when they opted in, are not on a break that day, have not
// checked in that day, and either take part in a challenge running that day
// or have a streak of 2 or more days at stake (it ended yesterday and ends
// for good unless they check in today).
func ReminderDue(m ReminderMember, server Settings, now time.Time) (day Day, due bool) {
	loc := Zone(m.TimeZone, server.TimeZone)
	day = DayOf(now, loc)
	at := server.ReminderTime
	if m.OwnReminderTime {
		at = m.ReminderTime
	}
	switch {
	case !m.Reminders,
		now.Before(at.On(day, loc)),
		m.OnBreak != nil && m.OnBreak(day),
		m.HasCheckIns && m.LastDay >= day: // checked in (a later day too: the zone moved west)
		return day, false
	}
	switch {
	case m.Streak != nil:
		if m.Streak.Current >= 2 && m.Streak.LastDay < day {
			return day, true
		}
	case m.HasCheckIns && m.LastDay == day-1 && m.LastDay-m.RunStart+1 >= 2:
		return day, true
	}
	for _, cp := range m.Challenges {
		if cp.Participation.TakesPart(cp.Challenge, day) {
			return day, true
		}
	}
	return day, false
}

// ChallengeStanding is a challenge and one member's progress in it.
type ChallengeStanding struct {
	Challenge Challenge
	Progress  Progress
}

// ReminderStakes is what a reminder tells the member is at stake.
type ReminderStakes struct {
	Streak     StreakState // MemberStreak on the reminder's day
	MaxFreezes int         // the server's max-freezes; 0: freezes are off
	// Challenges are the member's challenges; those not running on the
	// reminder's day are left out of the text.
	Challenges []ChallengeStanding
}

// ReminderText is the reminder a member gets by DM on day today (SPEC 6),
// naming what is at stake and what is left: the streak that ends at
// midnight (their midnight) unless they check in, or that a freeze will
// cover instead, and each running challenge's day, target and the days
// still needed. It speaks to the member ("your"): reminders are private.
// A streak of a day or more is named; with freezes on and none held, the
// member is told none is left so the stakes are plain.
func ReminderText(st ReminderStakes, today Day) string {
	lines := []string{"⏰ No check-in yet today."}
	if s := st.Streak; s.Current > 0 && s.LastDay < today {
		switch {
		case s.Freezes > 0:
			lines = append(lines, fmt.Sprintf("Your %d-day streak is at stake: check in today, or a 🧊 freeze will cover the day (%d left).",
				s.Current, s.Freezes))
		case st.MaxFreezes > 0:
			lines = append(lines, fmt.Sprintf("Your %d-day streak ends at midnight unless you check in today; no 🧊 freeze left.", s.Current))
		default:
			lines = append(lines, fmt.Sprintf("Your %d-day streak ends at midnight unless you check in today.", s.Current))
		}
	}
	for _, cs := range st.Challenges {
		c, p := cs.Challenge, cs.Progress
		if !c.Running(today) {
			continue
		}
		head := fmt.Sprintf("Day %d of %d of %s: %d min today counts", c.DayNumber(today), c.Days, c.Name, c.DailyMinutes)
		switch needed := p.Needed(c); {
		case p.OutOfReach:
			lines = append(lines, head+" for your consistency.")
		case needed == 0:
			lines = append(lines, head+"; you have already done enough to finish.")
		default:
			lines = append(lines, fmt.Sprintf("%s; %d more needed to finish, days left: %d.", head, needed, p.DaysLeft))
		}
	}
	return strings.Join(lines, "\n")
}
