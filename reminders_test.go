package clubbot

import (
	"testing"
	"time"
)

// TestReminderDue: each member is reminded at their own reminder time in
// their own zone, about their own day (issue 11: a member in Kathmandu was
// reminded at 01:45 of their next day, judged by the club's day).
func TestReminderDue(t *testing.T) {
	server := DefaultSettings("g") // 20:00, UTC
	server.TimeZone = "Europe/London"
	day := DayFromDate(2026, 3, 8) // a Sunday: New York springs forward at 02:00
	c := Challenge{Start: day - 3, Days: 10, DailyMinutes: 10}
	inChallenge := []ChallengePart{{Challenge: c, Participation: Participation{Joined: day - 3}}}
	left := []ChallengePart{{Challenge: c, Participation: Participation{Joined: day - 3, Left: day - 1}}}
	member := func(zone string, own Clock) ReminderMember {
		m := ReminderMember{Member: Member{UserID: "u", TimeZone: zone, Reminders: true}, Challenges: inChallenge}
		if own >= 0 {
			m.ReminderTime, m.OwnReminderTime = own, true
		}
		return m
	}
	at := func(zone string, d Day, hh, mm int) time.Time {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		y, mo, dd := d.Date()
		return time.Date(y, mo, dd, hh, mm, 0, 0, loc)
	}
	const none = Clock(-1)
	tests := []struct {
		name   string
		m      ReminderMember
		now    time.Time
		day    Day
		due    bool
		change func(*ReminderMember)
	}{
		{"server zone and time: before", member("", none), at("Europe/London", day, 19, 59), day, false, nil},
		{"server zone and time: at 20:00", member("", none), at("Europe/London", day, 20, 0), day, true, nil},
		{"Kathmandu at its 20:00, its own day", member("Asia/Kathmandu", none), at("Asia/Kathmandu", day, 20, 0), day, true, nil},
		{"Kathmandu at its 19:59", member("Asia/Kathmandu", none), at("Asia/Kathmandu", day, 19, 59), day, false, nil},
		{"Kathmandu at the club's 20:00 is 01:45 next day: too early", member("Asia/Kathmandu", none), at("Europe/London", day, 20, 0), day + 1, false, nil},
		{"Kathmandu checked in on its day", member("Asia/Kathmandu", none), at("Asia/Kathmandu", day, 21, 0), day, false,
			func(m *ReminderMember) { m.HasCheckIns, m.LastDay, m.RunStart = true, day, day-5 }},
		{"Kiritimati (+14) at 20:00", member("Pacific/Kiritimati", none), at("Pacific/Kiritimati", day, 20, 0), day, true, nil},
		{"London's 17:00 is 07:00 of Kiritimati's next day", member("Pacific/Kiritimati", 7*60), at("Europe/London", day, 17, 0), day + 1, true, nil},
		{"own time 06:30", member("", 6*60+30), at("Europe/London", day, 6, 30), day, true, nil},
		{"own time 06:30, at 06:29", member("", 6*60+30), at("Europe/London", day, 6, 29), day, false, nil},
		{"New York DST day, 02:30 is skipped: due at 03:00", member("America/New_York", 2*60+30), at("America/New_York", day, 3, 0), day, true, nil},
		{"New York DST day, 01:59", member("America/New_York", 2*60+30), at("America/New_York", day, 1, 59), day, false, nil},
		{"New York DST day, 20:00", member("America/New_York", none), at("America/New_York", day, 20, 0), day, true, nil},
		{"not opted in", member("", none), at("Europe/London", day, 21, 0), day, false,
			func(m *ReminderMember) { m.Reminders = false }},
		{"on a break", member("", none), at("Europe/London", day, 21, 0), day, false,
			func(m *ReminderMember) { m.OnBreak = func(d Day) bool { return d == day } }},
		{"break another day", member("", none), at("Europe/London", day, 21, 0), day, true,
			func(m *ReminderMember) { m.OnBreak = func(d Day) bool { return d == day+1 } }},
		{"no challenge, no streak", member("", none), at("Europe/London", day, 21, 0), day, false,
			func(m *ReminderMember) { m.Challenges = nil }},
		{"left the challenge", member("", none), at("Europe/London", day, 21, 0), day, false,
			func(m *ReminderMember) { m.Challenges = left }},
		{"challenge not started", member("", none), at("Europe/London", day-4, 21, 0), day - 4, false, nil},
		{"no challenge, 2-day streak at stake", member("", none), at("Europe/London", day, 21, 0), day, true,
			func(m *ReminderMember) { m.Challenges, m.HasCheckIns, m.LastDay, m.RunStart = nil, true, day-1, day-2 }},
		{"no challenge, 1-day streak", member("", none), at("Europe/London", day, 21, 0), day, false,
			func(m *ReminderMember) { m.Challenges, m.HasCheckIns, m.LastDay, m.RunStart = nil, true, day-1, day-1 }},
		{"no challenge, streak already broken", member("", none), at("Europe/London", day, 21, 0), day, false,
			func(m *ReminderMember) { m.Challenges, m.HasCheckIns, m.LastDay, m.RunStart = nil, true, day-2, day-9 }},
		{"Kathmandu streak judged on its own day", member("Asia/Kathmandu", none), at("Asia/Kathmandu", day+1, 20, 0), day + 1, true,
			func(m *ReminderMember) { m.Challenges, m.HasCheckIns, m.LastDay, m.RunStart = nil, true, day, day-3 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := tt.m
			if tt.change != nil {
				tt.change(&m)
			}
			d, due := ReminderDue(m, server, tt.now)
			if d != tt.day || due != tt.due {
				t.Errorf("ReminderDue at %s = %s, %v; want %s, %v", tt.now, d, due, tt.day, tt.due)
			}
		})
	}
}
