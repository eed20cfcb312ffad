package bot

import (
	"strings"
	"testing"
	"time"

	"clubbot"
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
	ps := []clubbot.Participant{
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
	if em := finishersEmbed(c, nil); em.Description != "Nobody took part." {
		t.Errorf("empty challenge: %s", em.Description)
	}
}

// TestFinishersEmbedHidden: members who hide are counted, never named
// (SPEC 4 "Public and private"), and counts are plural-correct.
func TestFinishersEmbedHidden(t *testing.T) {
	c := clubbot.Challenge{Name: "June", Days: 10}
	fin := clubbot.Progress{QualifyingDays: 10, Finisher: true}
	tests := []struct {
		name string
		ps   []clubbot.Participant
		want []string
	}{
		{"one named, two hidden", []clubbot.Participant{{UserID: "1", Progress: fin}, {UserID: "2", Progress: fin, Hidden: true}, {UserID: "3", Progress: fin, Hidden: true}},
			[]string{"3 of 3 participants finished.", "<@1> (10/10 days)\nand 2 more"}},
		{"only hidden", []clubbot.Participant{{UserID: "2", Progress: fin, Hidden: true}},
			[]string{"1 of 1 participant finished.", "**Finishers**\n1 member (not named)"}},
		{"hidden non-finisher", []clubbot.Participant{{UserID: "1", Progress: fin}, {UserID: "2", Hidden: true}},
			[]string{"1 of 2 participants finished.", "<@1> (10/10 days)"}},
	}
	for _, tt := range tests {
		d := finishersEmbed(c, tt.ps).Description
		for _, want := range tt.want {
			if !strings.Contains(d, want) {
				t.Errorf("%s: lacks %q:\n%s", tt.name, want, d)
			}
		}
		if strings.Contains(d, "<@2>") || strings.Contains(d, "<@3>") || strings.Contains(d, "(s)") {
			t.Errorf("%s: names a hidden member or says (s):\n%s", tt.name, d)
		}
		if tt.name == "hidden non-finisher" && strings.Contains(d, "more") {
			t.Errorf("%s: counts a non-finisher:\n%s", tt.name, d)
		}
	}
}

// TestChallengeEmbedWording: counts are plural-correct and dates are
// Discord timestamps.
func TestChallengeEmbedWording(t *testing.T) {
	start := clubbot.DayFromDate(2026, 12, 1)
	for _, tt := range []struct {
		c    clubbot.Challenge
		want string
	}{
		{clubbot.Challenge{Name: "a", Start: start, Days: 1, DailyMinutes: 1, GraceDays: 1}, "1 minute a day for 1 day, <t:1796126400:D> to <t:1796126400:D>. Missing up to 1 day still finishes."},
		{clubbot.Challenge{Name: "b", Start: start, Days: 2, DailyMinutes: 10, GraceDays: 2}, "10 minutes a day for 2 days, <t:1796126400:D> to <t:1796212800:D>. Missing up to 2 days still finishes."},
	} {
		if got := challengeEmbed(tt.c.Name, tt.c, time.UTC).Description; got != tt.want {
			t.Errorf("challengeEmbed = %q, want %q", got, tt.want)
		}
	}
}
