package bot

import (
	"strings"
	"testing"

	"clubbot"
	"clubbot/store"
)

func TestISOWeek(t *testing.T) {
	tests := []struct {
		day  clubbot.Day
		want string
	}{
		{clubbot.DayFromDate(2025, 6, 8), "2025-W23"},   // a Sunday: the week's last day
		{clubbot.DayFromDate(2025, 6, 9), "2025-W24"},   // Monday starts the next
		{clubbot.DayFromDate(2024, 12, 29), "2024-W52"}, // Sunday
		{clubbot.DayFromDate(2024, 12, 30), "2025-W01"}, // ISO year differs from the calendar year
		{clubbot.DayFromDate(2021, 1, 3), "2020-W53"},
	}
	for _, tt := range tests {
		if got := isoWeek(tt.day); got != tt.want {
			t.Errorf("isoWeek(%s) = %s, want %s", tt.day, got, tt.want)
		}
	}
}

func TestMidway(t *testing.T) {
	start := clubbot.DayFromDate(2025, 6, 3)
	tests := []struct {
		days int
		want clubbot.Day
	}{
		{1, -1}, {3, -1}, {4, start + 2}, {10, start + 5}, {30, start + 15}, {31, start + 15},
	}
	for _, tt := range tests {
		if got := midway(clubbot.Challenge{Start: start, Days: tt.days}); got != tt.want {
			t.Errorf("midway of %d days = %d, want %d", tt.days, got, tt.want)
		}
	}
}

func TestFinishersEmbed(t *testing.T) {
	c := clubbot.Challenge{Name: "June *feet*", Days: 10, GraceDays: 1}
	ps := []store.Participant{
		{UserID: "1", Progress: clubbot.Progress{QualifyingDays: 10, Finisher: true}},
		{UserID: "2", Progress: clubbot.Progress{QualifyingDays: 9, Finisher: true}},
		{UserID: "3", Progress: clubbot.Progress{QualifyingDays: 4}},
	}
	em := finishersEmbed(c, ps)
	for _, want := range []string{"2 of 3", "<@1> (10/10 days)", "<@2> (9/10 days)"} {
		if !strings.Contains(em.Description, want) {
			t.Errorf("finishers embed lacks %q:\n%s", want, em.Description)
		}
	}
	if strings.Contains(em.Description, "<@3>") {
		t.Errorf("a non-finisher is named:\n%s", em.Description)
	}
	if em := finishersEmbed(c, nil); !strings.Contains(em.Description, "0 of 0") {
		t.Errorf("empty challenge: %s", em.Description)
	}
}
