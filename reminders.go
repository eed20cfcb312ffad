package clubbot

import "time"

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
	if m.HasCheckIns && m.LastDay == day-1 && m.LastDay-m.RunStart+1 >= 2 {
		return day, true
	}
	for _, cp := range m.Challenges {
		if cp.Participation.TakesPart(cp.Challenge, day) {
			return day, true
		}
	}
	return day, false
}
