package clubbot

import "time"

// CheckInResult is what recording a check-in returns.
type CheckInResult struct {
	CheckIn   CheckIn // the stored row (the earlier one when Duplicate)
	Duplicate bool    // same interaction id or same source: nothing new stored
	Day       DayTotal
	Streak    Streak // as of today (the member's local day)
}

// MemberStats is what /streak shows.
type MemberStats struct {
	Streak       Streak
	TotalDays    int
	TotalMinutes int
	WeekDays     int // days with a check-in this week (Monday-Sunday)
	MonthDays    int
	WeekMinutes  int
	MonthMinutes int
}

// Participant is a member in a challenge with their progress.
type Participant struct {
	UserID   string
	Joined   Day
	JoinedAt time.Time
	Progress Progress
	// Hidden: the member chose to be left off leaderboards.
	Hidden bool
}
