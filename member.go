package clubbot

import "time"

// CheckInResult is what recording a check-in returns.
type CheckInResult struct {
	CheckIn   CheckIn // the stored row (the earlier one when Duplicate)
	Duplicate bool    // same interaction id or same source: nothing new stored
	Day       DayTotal
	Streak    Streak // as of today (the member's local day)
	// State is the streak with freezes as of today; its Frozen lists only
	// the frozen days the member has not been told about yet (the store
	// marks them told), so FreezeNotice(State, 0) is the line to add.
	State StreakState
}

// MemberStats is what /streak shows.
type MemberStats struct {
	Streak Streak
	// State is MemberStreak over all the member's days: freezes held, every
	// frozen day and break day.
	State StreakState
	// FreezeTold is the latest frozen day the member was told about
	// (FreezeNotice(State, FreezeTold+1) is what is still to tell).
	FreezeTold Day
	MaxFreezes int // the server's max-freezes

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
